package sec

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
)

// AuthMetadata is SEC005.
var AuthMetadata = &rule.Rule{
	Meta: rule.Meta{
		ID:       "SEC005",
		Slug:     "cfn-authentication-credentials",
		Family:   rule.SEC,
		Severity: rule.High,
		Title:    "CloudFormation::Authentication metadata embeds credentials",
		Description: "AWS::CloudFormation::Authentication metadata gives cfn-init credentials for downloading " +
			"files and sources. Resource metadata is returned in clear by DescribeStackResource and read by " +
			"anything on the instance that can run cfn-get-metadata, so a secretKey or password placed there is " +
			"exposed even when it came from a parameter. This rule reports credentials written into the " +
			"template or passed in clear; a NoEcho parameter without Default, which NoEcho does not mask in " +
			"metadata either, is reported by SEC013, and a secure dynamic reference is accepted; a GetAtt of an access key's SecretAccessKey is reported, and a literal " +
			"accessKeyId is reported as a hard-coded credential. Prefer role-based authentication (type S3 with roleName).",
		Remediation: "Use an S3 authentication block with roleName (an instance profile role) instead of access keys " +
			"or passwords; if a password is unavoidable, pass it as a NoEcho parameter without Default.",
		ResourceTypes: []string{rule.TemplateResources},
		Aliases: map[string][]string{
			"cfn_nag": {"W1"},
			"kics":    {"9ecb6b21-18bc-4aa7-bd07-db20f1c746db"},
		},
	},
	CheckTemplate: func(p *rule.Pass) {
		t := p.View.Template
		ps := viewParams(p.View)
		for _, r := range p.View.Resources {
			auth := r.Metadata().Get("AWS::CloudFormation::Authentication")
			if auth == nil || auth.Kind != template.Map {
				continue
			}
			for _, e := range auth.Entries() {
				for _, key := range []string{"secretKey", "password", "accessKeyId"} {
					n := e.Value.Get(key)
					if n == nil {
						continue
					}
					why := authProblem(t, ps, key, n)
					if why != "" {
						p.Report(r, model.Path{"Metadata", "AWS::CloudFormation::Authentication", e.Key, key},
							"authentication %s of %s embeds credentials in resource metadata: %s %s", e.Key, r.ID, key, why)
					}
				}
			}
		}
	},
}

func authProblem(t *template.Template, ps Params, key string, n *template.Node) string {
	if _, attr := getAtt(n); attr == "SecretAccessKey" && key != "accessKeyId" {
		return "is an access key's SecretAccessKey"
	}
	j := Judge(t, ps, n)
	switch {
	case key == "accessKeyId" && (j.Verdict != HardCoded || len(j.Params) > 0):
		return "" // an access key id is not itself secret unless written out
	case j.Verdict == Safe:
		return ""
	}
	return "is " + j.Why
}
