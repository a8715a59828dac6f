package sam

import (
	"github.com/cfnvet/cfnvet/engine/template"
)

// stateMachine expands AWS::Serverless::StateMachine into an
// AWS::StepFunctions::StateMachine (same logical id) and, unless Role is
// given, the role <id>Role built from Policies, trusted by Step Functions.
func (x *expander) stateMachine(id string, r *template.Node) {
	p := x.cur.props()
	at := x.cur.at()
	sm := mapping(at)
	passAll(sm, p, "Definition", "DefinitionSubstitutions")
	pass(sm, p, "Name", "StateMachineName")
	pass(sm, p, "Type", "StateMachineType")
	pass(sm, p, "Logging", "LoggingConfiguration")
	pass(sm, p, "Tracing", "TracingConfiguration")
	if e := p.Entry("DefinitionUri"); e != nil {
		set(sm, "DefinitionS3Location", e.KeyRange, s3Location(e, "Bucket", "Key", "Version"))
	}
	if !pass(sm, p, "Role", "RoleArn") {
		set(sm, "RoleArn", at, arnOf(id+"Role", at))
	}
	set(sm, "Tags", at, tagList(p.Entry("Tags"), "stateMachine:createdBy", at))
	x.primary("AWS::StepFunctions::StateMachine", sm)
	if p.Get("Role") == nil {
		x.executionRole(id+"Role", "states.amazonaws.com", nil)
	}
	x.events(id, p, false)
}

// simpleTable expands AWS::Serverless::SimpleTable into an
// AWS::DynamoDB::Table (same logical id): the PrimaryKey (by default a
// string attribute named id) becomes the hash key, and without
// ProvisionedThroughput the table is billed per request.
func (x *expander) simpleTable(id string, r *template.Node) {
	p := x.cur.props()
	at := x.cur.at()
	tbl := mapping(at)
	keyName, keyType := str("id", at), str("S", at)
	keyAt := at
	if pk := p.Entry("PrimaryKey"); pk != nil && pk.Value.Kind == template.Map {
		keyAt = pk.KeyRange
		if n := pk.Value.Get("Name"); n != nil {
			keyName = n
		}
		if t := pk.Value.Get("Type"); t != nil {
			keyType = t
			if s, ok := literal(t); ok {
				keyType = str(map[string]string{"String": "S", "Number": "N", "Binary": "B"}[s], t.Range)
			}
		}
	}
	attr := mapping(keyAt)
	set(attr, "AttributeName", keyAt, keyName)
	set(attr, "AttributeType", keyAt, keyType)
	set(tbl, "AttributeDefinitions", keyAt, list(keyAt, attr))
	ks := mapping(keyAt)
	set(ks, "AttributeName", keyAt, keyName)
	set(ks, "KeyType", keyAt, str("HASH", keyAt))
	set(tbl, "KeySchema", keyAt, list(keyAt, ks))
	if !pass(tbl, p, "ProvisionedThroughput", "ProvisionedThroughput") {
		set(tbl, "BillingMode", at, str("PAY_PER_REQUEST", at))
	}
	passAll(tbl, p, "TableName", "SSESpecification", "PointInTimeRecoverySpecification")
	if tags := p.Entry("Tags"); tags != nil {
		set(tbl, "Tags", tags.KeyRange, tagList(tags, "", at))
	}
	x.primary("AWS::DynamoDB::Table", tbl)
}

// layerVersion expands AWS::Serverless::LayerVersion into an
// AWS::Lambda::LayerVersion. The translator's logical id appends a hash of
// the layer's content; ours keeps the SAM logical id.
func (x *expander) layerVersion(id string, r *template.Node) {
	p := x.cur.props()
	at := x.cur.at()
	lv := mapping(at)
	passAll(lv, p, "LayerName", "Description", "CompatibleRuntimes", "CompatibleArchitectures", "LicenseInfo")
	if e := p.Entry("ContentUri"); e != nil {
		set(lv, "Content", e.KeyRange, s3Location(e, "S3Bucket", "S3Key", "S3ObjectVersion"))
	}
	x.primary("AWS::Lambda::LayerVersion", lv)
}

// application expands AWS::Serverless::Application into an
// AWS::CloudFormation::Stack (same logical id). A Location given as a
// string (a local template path, or an S3 URL) becomes the stack's
// TemplateURL with the user's node, so a local Location is followed exactly
// like a nested stack's local TemplateURL is — by the nested-stack stage
// of the scan, which reads AWS::CloudFormation::Stack resources. A
// Serverless Application Repository location (ApplicationId and
// SemanticVersion) is resolved by the translator at deploy time; its
// TemplateURL is left out.
//
// TODO(nested stacks): this is the seam for following a local Location.
// Once the scan follows AWS::CloudFormation::Stack resources whose
// TemplateURL is a local path, SAM applications are followed with no
// change here; until then the child template is not scanned.
func (x *expander) application(id string, r *template.Node) {
	p := x.cur.props()
	at := x.cur.at()
	st := mapping(at)
	if loc := p.Entry("Location"); loc != nil && loc.Value.Kind != template.Map {
		set(st, "TemplateURL", loc.KeyRange, loc.Value)
	} else if loc != nil {
		if _, _, ok := loc.Value.Intrinsic(); ok {
			set(st, "TemplateURL", loc.KeyRange, loc.Value)
		}
	}
	passAll(st, p, "Parameters", "NotificationARNs", "TimeoutInMinutes")
	if tags := p.Entry("Tags"); tags != nil {
		set(st, "Tags", tags.KeyRange, tagList(tags, "", at))
	}
	x.primary("AWS::CloudFormation::Stack", st)
}
