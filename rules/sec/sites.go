package sec

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/template"
)

// secretProperties are the secret-bearing properties of SEC001/SEC002 by
// resource type, as dotted paths from Properties; "[*]" descends into every
// list item.
var secretProperties = map[string][]string{
	"AWS::RDS::DBInstance":                  {"MasterUserPassword"},
	"AWS::RDS::DBCluster":                   {"MasterUserPassword"},
	"AWS::Redshift::Cluster":                {"MasterUserPassword"},
	"AWS::DocDB::DBCluster":                 {"MasterUserPassword"},
	"AWS::DirectoryService::SimpleAD":       {"Password"},
	"AWS::DirectoryService::MicrosoftAD":    {"Password"},
	"AWS::DMS::Endpoint":                    {"Password"}, // plus every *Settings.*Password, see sites
	"AWS::Amplify::App":                     {"AccessToken", "OauthToken", "BasicAuthConfig.Password"},
	"AWS::Amplify::Branch":                  {"BasicAuthConfig.Password"},
	"AWS::Pinpoint::APNSChannel":            {"PrivateKey", "TokenKey"},
	"AWS::Pinpoint::APNSSandboxChannel":     {"PrivateKey", "TokenKey"},
	"AWS::Pinpoint::APNSVoipChannel":        {"PrivateKey", "TokenKey"},
	"AWS::Pinpoint::APNSVoipSandboxChannel": {"PrivateKey", "TokenKey"},
	"AWS::ElastiCache::ReplicationGroup":    {"AuthToken"},
	"AWS::Lambda::Permission":               {"EventSourceToken"},
	"AWS::IAM::User":                        {"LoginProfile.Password"},
	"AWS::AmazonMQ::Broker":                 {"Users[*].Password"},
	"AWS::AppStream::DirectoryConfig":       {"ServiceAccountCredentials.AccountPassword"},
	"AWS::OpsWorks::Stack":                  {"RdsDbInstances[*].DbPassword", "CustomCookbooksSource.Password"},
	"AWS::OpsWorks::App":                    {"SslConfiguration.PrivateKey", "AppSource.Password"},
	"AWS::EMR::Cluster":                     {"KerberosAttributes.ADDomainJoinPassword", "KerberosAttributes.CrossRealmTrustPrincipalPassword", "KerberosAttributes.KdcAdminPassword"},
	"AWS::KinesisFirehose::DeliveryStream":  {"RedshiftDestinationConfiguration.Password", "SplunkDestinationConfiguration.HECToken"},
	"AWS::CodePipeline::Webhook":            {"AuthenticationConfiguration.SecretToken"},
	"AWS::ManagedBlockchain::Member":        {"MemberConfiguration.MemberFrameworkConfiguration.MemberFabricConfiguration.AdminPassword"},
	"Alexa::ASK::Skill":                     {"AuthenticationConfiguration.ClientSecret", "AuthenticationConfiguration.RefreshToken"},
	"AWS::SecretsManager::Secret":           {"SecretString"},
	"AWS::OpenSearchService::Domain":        {"AdvancedSecurityOptions.MasterUserOptions.MasterUserPassword"},
	"AWS::Elasticsearch::Domain":            {"AdvancedSecurityOptions.MasterUserOptions.MasterUserPassword"},
	"AWS::RedshiftServerless::Namespace":    {"AdminUserPassword"},
	"AWS::DocDBElastic::Cluster":            {"AdminUserPassword"},
	"AWS::Lightsail::Database":              {"MasterUserPassword"},
	"AWS::ElastiCache::User":                {"Passwords[*]"},
	"AWS::MemoryDB::User":                   {"AuthenticationMode.Passwords[*]"},
	"AWS::CodeBuild::SourceCredential":      {"Token"},
	"AWS::Glue::Connection":                 {"ConnectionInput.ConnectionProperties.PASSWORD"},
	"AWS::QuickSight::DataSource":           {"Credentials.CredentialPair.Password"},
}

// SecretTypes lists the resource types with secret-bearing properties.
func SecretTypes() []string {
	out := make([]string, 0, len(secretProperties))
	for t := range secretProperties {
		out = append(out, t)
	}
	sortStrings(out)
	return out
}

// Site is one secret-bearing value of a resource.
type Site struct {
	Path model.Path // from the resource: Properties.…
	Node *template.Node
}

// Judge classifies the site's value.
func (s Site) Judge(t *template.Template, ps Params) Judgement {
	return Judge(t, ps, s.Node)
}

// At is where a judgement is reported: the JSON member holding the secret
// when the value is a literal JSON string, which locate can point into; a
// value built by Fn::Sub or Fn::Join is reported at the value itself.
func (s Site) At(j Judgement) model.Path {
	if !s.Node.IsScalar() {
		return s.Path
	}
	at := append(model.Path(nil), s.Path...)
	for _, m := range j.Member {
		at = append(at, m)
	}
	return at
}

// Name is the property's dotted name for messages.
func (s Site) Name() string { return s.Path[1:].String() }

// Sites returns the secret-bearing values present in a resource's raw
// Properties.
func Sites(r *model.Resource) []Site {
	props := r.Node.Get("Properties")
	if props == nil || props.Kind != template.Map {
		return nil
	}
	var out []Site
	for _, spec := range secretProperties[r.Type] {
		out = walk(out, props, model.Path{"Properties"}, strings.Split(spec, "."))
	}
	if r.Type == "AWS::DMS::Endpoint" {
		// Every engine's settings block with a password (MongoDbSettings.
		// Password, RedisSettings.AuthPassword, OracleSettings.AsmPassword, …).
		for _, e := range props.Entries() {
			if !strings.HasSuffix(e.Key, "Settings") || e.Value.Kind != template.Map {
				continue
			}
			for _, f := range e.Value.Entries() {
				if strings.HasSuffix(f.Key, "Password") {
					out = append(out, Site{Path: model.Path{"Properties", e.Key, f.Key}, Node: f.Value})
				}
			}
		}
	}
	return out
}

func walk(out []Site, n *template.Node, at model.Path, rest []string) []Site {
	if len(rest) == 0 {
		return append(out, Site{Path: at, Node: n})
	}
	key, each := strings.CutSuffix(rest[0], "[*]")
	v := n.Get(key)
	if v == nil {
		return out
	}
	if !each {
		return walk(out, v, at.Append(key), rest[1:])
	}
	if v.Kind != template.List {
		return out
	}
	for i, it := range v.Items() {
		out = walk(out, it, at.Append(key, i), rest[1:])
	}
	return out
}
