package log

import (
	"regexp"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/rules/iam/iamdata"
)

// LambdaRoleCannotLog is LOG012.
var LambdaRoleCannotLog = &rule.Rule{
	Meta: rule.Meta{
		ID:       "LOG012",
		Slug:     "lambda-role-cannot-write-logs",
		Family:   rule.LOG,
		Severity: rule.Low,
		Sets:     []string{"logging"},
		Title:    "Lambda function role cannot write CloudWatch Logs",
		Description: "A Lambda function writes its logs with its execution role. When that role may not call " +
			"logs:CreateLogStream and logs:PutLogEvents, every invocation runs silently: errors, and any evidence " +
			"of abuse, are dropped. The rule follows the function's Role to a role defined in the same template and " +
			"reads its inline policies, standalone AWS::IAM::Policy/ManagedPolicy resources attached to it, and " +
			"AWS-managed policies known to grant log writing (such as AWSLambdaBasicExecutionRole). A role outside " +
			"the template, or any policy part that cannot be resolved, is given the benefit of the doubt. A SAM " +
			"function without Role is read through the role SAM creates, which has AWSLambdaBasicExecutionRole.",
		Remediation: "Attach arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole to the role, " +
			"or allow logs:CreateLogStream and logs:PutLogEvents on the function's log group.",
		ResourceTypes: []string{"AWS::Lambda::Function", "AWS::IAM::Role",
			"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"},
		Aliases: map[string][]string{"cfn_nag": {"W58"}},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		if r.Type != "AWS::Lambda::Function" {
			return // the other types are read through the function
		}
		if r.Properties.IsUnknown() {
			return
		}
		roleRef := r.Prop("Role")
		if roleRef == nil || !roleRef.IsUnknown() || roleRef.Fn() != "Fn::GetAtt" {
			return // a role ARN from outside the template
		}
		role := p.View.Resource(roleRef.Target())
		if role == nil || role.Type != "AWS::IAM::Role" {
			return
		}
		g := &grants{}
		g.role(p.View, role)
		if g.maybe || (g.createStream && g.putEvents) {
			return
		}
		p.Report(r, model.Path{"Properties", "Role"}, "function %s's role %s cannot write CloudWatch Logs "+
			"(no policy allows logs:CreateLogStream and logs:PutLogEvents)", r.ID, role.ID)
	},
}

// logWritingManaged are AWS-managed policies that allow logs:CreateLogStream
// and logs:PutLogEvents.
var logWritingManaged = map[string]bool{
	"AWSLambdaBasicExecutionRole": true, "AWSLambdaVPCAccessExecutionRole": true, "AWSLambdaExecute": true,
	"CloudWatchLogsFullAccess": true, "AWSLambdaKinesisExecutionRole": true, "AWSLambdaDynamoDBExecutionRole": true,
	"AWSLambdaSQSQueueExecutionRole": true, "AWSLambdaMSKExecutionRole": true, "AdministratorAccess": true,
	"PowerUserAccess": true, "CloudWatchFullAccess": true, "CloudWatchFullAccessV2": true,
}

var awsManagedARN = regexp.MustCompile(`^arn:[a-z-]+:iam::aws:policy/(?:.*/)?([^/]+)$`)

// grants accumulates what a role's policies allow. maybe is set when some
// part cannot be known, which ends the check without a finding.
type grants struct {
	createStream, putEvents, maybe bool
}

func (g *grants) role(v *model.View, role *model.Resource) {
	if role.Properties.IsUnknown() {
		g.maybe = true
		return
	}
	for _, pol := range role.Prop("Policies").List() {
		if !pol.Known() {
			g.maybe = true
			continue
		}
		g.document(pol.Get("PolicyDocument"))
	}
	for _, arn := range role.Prop("ManagedPolicyArns").List() {
		g.managed(v, arn)
	}
	// Standalone policies that name the role in Roles, looked up in an
	// index built once per view (a scan of every policy per role would be
	// quadratic in a template of many roles and policies).
	idx := attachedPoliciesOf(v)
	g.maybe = g.maybe || idx.anyOpaque
	docs := idx.byTarget[role.ID]
	if n, ok := role.Prop("RoleName").Str(); ok && n != "" {
		docs = append(docs[:len(docs):len(docs)], idx.byName[n]...)
	}
	for _, doc := range docs {
		g.document(doc)
	}
}

// attachedPolicies indexes the standalone policies' documents by the roles
// their Roles lists name: a Ref/GetAtt target, or a literal role name.
// anyOpaque is set when some policy names a role that may be any role.
type attachedPolicies struct {
	byTarget, byName map[string][]*model.Value
	anyOpaque        bool
}

type attachedPoliciesKey struct{}

func attachedPoliciesOf(v *model.View) *attachedPolicies {
	return v.Derived(attachedPoliciesKey{}, func(v *model.View) any {
		idx := &attachedPolicies{byTarget: map[string][]*model.Value{}, byName: map[string][]*model.Value{}}
		for _, typ := range []string{"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"} {
			for _, pol := range v.OfType(typ) {
				if pol.Properties.IsUnknown() {
					continue
				}
				doc := pol.Prop("PolicyDocument")
				for _, name := range pol.Prop("Roles").List() {
					switch s, ok := name.Str(); {
					case name.IsUnknown():
						idx.byTarget[name.Target()] = append(idx.byTarget[name.Target()], doc)
						idx.anyOpaque = idx.anyOpaque || mayNameAnything(v, name)
					case ok && s != "":
						idx.byName[s] = append(idx.byName[s], doc)
					}
				}
			}
		}
		return idx
	}).(*attachedPolicies)
}

// mayNameAnything reports an opaque reference that points at no resource of
// the template and is not an import: a parameter without value may hold
// any role's name.
func mayNameAnything(v *model.View, ref *model.Value) bool {
	return ref.IsUnknown() && v.Resource(ref.Target()) == nil && ref.Fn() != "Fn::ImportValue"
}

func (g *grants) managed(v *model.View, arn *model.Value) {
	if arn.IsUnknown() {
		// A Ref to an in-template managed policy is read; anything else is opaque.
		if pol := v.Resource(arn.Target()); pol != nil && pol.Type == "AWS::IAM::ManagedPolicy" && arn.Fn() == "Ref" {
			if pol.Properties.IsUnknown() {
				g.maybe = true
				return
			}
			g.document(pol.Prop("PolicyDocument"))
			return
		}
		g.maybe = true
		return
	}
	s, ok := arn.Str()
	if !ok {
		return
	}
	m := awsManagedARN.FindStringSubmatch(s)
	switch {
	case m == nil:
		g.maybe = true // a customer-managed policy defined elsewhere
	case logWritingManaged[m[1]]:
		g.createStream, g.putEvents = true, true
	}
}

func (g *grants) document(doc *model.Value) {
	if doc == nil {
		return
	}
	if doc.Kind != model.Map {
		g.maybe = true // unknown, or a JSON string
		return
	}
	for _, st := range doc.Get("Statement").List() {
		if st.Kind != model.Map {
			g.maybe = g.maybe || st.IsUnknown()
			continue
		}
		effect := st.Get("Effect")
		if effect.IsUnknown() {
			g.maybe = true
			continue
		}
		if s, _ := effect.Str(); s != "Allow" {
			continue
		}
		if na := st.Get("NotAction"); na != nil {
			g.createStream = g.createStream || !g.anyMatches(na, "logs:CreateLogStream")
			g.putEvents = g.putEvents || !g.anyMatches(na, "logs:PutLogEvents")
			continue
		}
		act := st.Get("Action")
		g.createStream = g.createStream || g.anyMatches(act, "logs:CreateLogStream")
		g.putEvents = g.putEvents || g.anyMatches(act, "logs:PutLogEvents")
	}
}

// anyMatches reports whether an Action list matches action; an Unknown
// element sets maybe.
func (g *grants) anyMatches(list *model.Value, action string) bool {
	for _, a := range list.List() {
		s, ok := a.Str()
		if !ok {
			g.maybe = g.maybe || a.IsUnknown()
			continue
		}
		if actionMatches(s, action) {
			return true
		}
	}
	return false
}

// actionMatches is IAM's case-insensitive glob match (* and ?).
// (The shared matcher: compiling a regexp per statement and action cost
// more than the rest of the rule.)
func actionMatches(pattern, action string) bool {
	return iamdata.MatchPattern(strings.ToLower(pattern), action)
}
