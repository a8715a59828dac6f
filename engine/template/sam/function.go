package sam

import (
	"fmt"
	"github.com/cfnvet/cfnvet/internal/awsmanaged"
	"strings"

	"github.com/cfnvet/cfnvet/engine/template"
)

// functionPassThrough are the AWS::Serverless::Function properties SAM
// copies unchanged to the AWS::Lambda::Function.
var functionPassThrough = []string{
	"FunctionName", "Handler", "Runtime", "Description", "MemorySize", "Timeout", "VpcConfig", "Environment",
	"KmsKeyArn", "Layers", "ReservedConcurrentExecutions", "FileSystemConfigs", "CodeSigningConfigArn",
	"ImageConfig", "PackageType", "Architectures", "EphemeralStorage", "SnapStart", "RuntimeManagementConfig",
	"LoggingConfig", "RecursiveLoop", "Role",
}

// managedOrAsIs turns a managed policy name in Policies into its ARN and
// leaves anything else (an ARN, an intrinsic function) as written.
func managedOrAsIs(n *template.Node) *template.Node {
	if s, ok := literal(n); ok && !strings.Contains(s, ":") {
		return managedARN(s, n.Range)
	}
	return n
}

// managedARN writes an AWS managed policy name as its ARN, with the path
// (service-role/, job-function/, …) the pinned managed-policy data gives it.
func managedARN(name string, at template.Range) *template.Node {
	return str(awsmanaged.ARN(name), at)
}

// function expands AWS::Serverless::Function: the AWS::Lambda::Function
// (same logical id), <id>Role unless Role is given, <id>Url and its public
// permissions for FunctionUrlConfig, and what its Events create.
func (x *expander) function(id string, r *template.Node) {
	p := x.cur.props()
	at := x.cur.at()
	fn := mapping(at)
	passAll(fn, p, functionPassThrough...)
	x.code(fn, p)
	if tr := p.Entry("Tracing"); tr != nil {
		cfg := mapping(tr.KeyRange)
		set(cfg, "Mode", tr.KeyRange, tr.Value)
		set(fn, "TracingConfig", tr.KeyRange, cfg)
	}
	if dlq := p.Entry("DeadLetterQueue"); dlq != nil && dlq.Value.Kind == template.Map {
		cfg := mapping(dlq.KeyRange)
		pass(cfg, dlq.Value, "TargetArn", "TargetArn")
		set(fn, "DeadLetterConfig", dlq.KeyRange, cfg)
	}
	set(fn, "Tags", at, tagList(p.Entry("Tags"), "lambda:createdBy", at))
	role := id + "Role"
	if p.Get("Role") == nil {
		set(fn, "Role", at, arnOf(role, at))
	}
	x.primary("AWS::Lambda::Function", fn)
	if p.Get("Role") == nil {
		x.executionRole(role, "lambda.amazonaws.com", x.functionManaged(p))
	}
	x.functionURL(id, p)
	x.events(id, p, true)
}

// code maps CodeUri, InlineCode and ImageUri to the function's Code.
func (x *expander) code(fn, p *template.Node) {
	var code *template.Node
	switch {
	case p.Entry("InlineCode") != nil:
		e := p.Entry("InlineCode")
		code = mapping(e.KeyRange)
		set(code, "ZipFile", e.KeyRange, e.Value)
		set(fn, "Code", e.KeyRange, code)
	case p.Entry("ImageUri") != nil:
		e := p.Entry("ImageUri")
		code = mapping(e.KeyRange)
		set(code, "ImageUri", e.KeyRange, e.Value)
		set(fn, "Code", e.KeyRange, code)
	case p.Entry("CodeUri") != nil:
		e := p.Entry("CodeUri")
		set(fn, "Code", e.KeyRange, s3Location(e, "S3Bucket", "S3Key", "S3ObjectVersion"))
	}
}

// s3Location maps a SAM code location (s3://bucket/key, or a mapping with
// Bucket, Key and Version) to CloudFormation's keys. A local path (which
// `sam package` uploads) has no bucket yet: the location is left empty.
func s3Location(e *template.Entry, bucket, key, version string) *template.Node {
	out := mapping(e.KeyRange)
	if e.Value.Kind == template.Map {
		if _, _, ok := e.Value.Intrinsic(); !ok {
			pass(out, e.Value, "Bucket", bucket)
			pass(out, e.Value, "Key", key)
			pass(out, e.Value, "Version", version)
			return out
		}
	}
	if s, ok := literal(e.Value); ok {
		if rest, ok := strings.CutPrefix(s, "s3://"); ok {
			b, k, _ := strings.Cut(rest, "/")
			set(out, bucket, e.KeyRange, str(b, e.Value.Range))
			set(out, key, e.KeyRange, str(k, e.Value.Range))
		}
	}
	return out
}

// functionManaged lists the managed policies SAM attaches to a function's
// role besides those named in Policies.
func (x *expander) functionManaged(p *template.Node) []*template.Node {
	at := x.cur.at()
	out := []*template.Node{managedARN("AWSLambdaBasicExecutionRole", at)}
	if tr := p.Entry("Tracing"); tr != nil {
		if s, _ := literal(tr.Value); s == "Active" {
			out = append(out, managedARN("AWSXrayWriteOnlyAccess", tr.KeyRange))
		}
	}
	if vpc := p.Entry("VpcConfig"); vpc != nil {
		out = append(out, managedARN("AWSLambdaVPCAccessExecutionRole", vpc.KeyRange))
	}
	for _, ev := range p.Get("Events").Fields() {
		var name string
		switch typ, _ := literal(ev.Value.Get("Type")); typ {
		case "SQS":
			name = "AWSLambdaSQSQueueExecutionRole"
		case "Kinesis":
			name = "AWSLambdaKinesisExecutionRole"
		case "DynamoDB":
			name = "AWSLambdaDynamoDBExecutionRole"
		case "MSK":
			name = "AWSLambdaMSKExecutionRole"
		}
		if name != "" {
			out = append(out, managedARN(name, ev.KeyRange))
		}
	}
	return out
}

// executionRole emits the role SAM creates for a function or state
// machine (logical id role, trusted by service) from its Policies,
// AssumeRolePolicyDocument, PermissionsBoundary and DeadLetterQueue.
//
// Policies entries become, in the translator's order and naming:
//   - a managed policy name (AmazonS3ReadOnlyAccess) or ARN, or an intrinsic
//     function giving one: an element of ManagedPolicyArns;
//   - a policy document (a mapping with Statement): inline policy
//     <role>Policy<i>, its document the user's own node;
//   - a policy template ({S3CrudPolicy: {BucketName: …}}): inline policy
//     <role>Policy<i> holding the template's statements, located at the
//     template name, with the parameter values the user wrote;
//   - Fn::If choosing between such entries: kept as a choice, so that the
//     resolver decides (or enumerates) the branch.
func (x *expander) executionRole(role, service string, managed []*template.Node) {
	p := x.cur.props()
	at := x.cur.at()
	props := mapping(at)
	if !pass(props, p, "AssumeRolePolicyDocument", "AssumeRolePolicyDocument") {
		set(props, "AssumeRolePolicyDocument", at, trustPolicy(service, at))
	}
	arns := list(at, managed...)
	inline := list(at)
	pol := p.Entry("Policies")
	if pol != nil {
		inline.Range = pol.KeyRange
		for i, it := range items(pol.Value) {
			x.policyEntry(role, i, it, arns, inline)
		}
	}
	if dlq := p.Entry("DeadLetterQueue"); dlq != nil && dlq.Value.Kind == template.Map {
		if doc := dlqPolicy(dlq); doc != nil {
			inline.SetItems(append(inline.Items(), namedPolicy("DeadLetterQueuePolicy", doc, dlq.KeyRange)))
		}
	}
	if len(arns.Items()) > 0 {
		set(props, "ManagedPolicyArns", arns.Range, arns)
	}
	if len(inline.Items()) > 0 {
		set(props, "Policies", inline.Range, inline)
	}
	pass(props, p, "PermissionsBoundary", "PermissionsBoundary")
	set(props, "Tags", at, tagList(nil, "lambda:createdBy", at))
	x.generate(role, "AWS::IAM::Role", at, props)
}

func (x *expander) policyEntry(role string, i int, it *template.Node, arns, inline *template.Node) {
	name := fmt.Sprintf("%sPolicy%d", role, i)
	if fn, arg, ok := it.Intrinsic(); ok {
		if fn == "Fn::If" && arg.Kind == template.List && len(arg.Items()) == 3 && isDocument(arg.Items()[1], arg.Items()[2]) {
			inline.SetItems(append(inline.Items(), namedPolicy(name, it, it.Range)))
			return
		}
		if fn == "Fn::If" && arg.Kind == template.List && len(arg.Items()) == 3 {
			// A choice between managed policies: each named branch becomes an ARN.
			choice := list(arg.Range, arg.Items()[0], managedOrAsIs(arg.Items()[1]), managedOrAsIs(arg.Items()[2]))
			it = template.NewMap([]template.Entry{{Key: fn, KeyRange: it.Entries()[0].KeyRange, Value: choice}}, it.Range)
		}
		arns.SetItems(append(arns.Items(), it)) // an ARN computed by Ref, Fn::Sub, …
		return
	}
	if _, ok := literal(it); ok {
		arns.SetItems(append(arns.Items(), managedOrAsIs(it)))
		return
	}
	if it.Kind != template.Map {
		return
	}
	if it.Get("Statement") != nil {
		inline.SetItems(append(inline.Items(), namedPolicy(name, it, it.Range)))
		return
	}
	if tpl, e, ok := isPolicyTemplate(it); ok {
		doc, err := expandPolicyTemplate(tpl, e)
		if err != nil {
			x.warn(e.KeyRange, "%s: %v; its statements are not checked", x.cur.id, err)
			return
		}
		inline.SetItems(append(inline.Items(), namedPolicy(name, doc, e.KeyRange)))
		return
	}
	if len(it.Entries()) == 1 {
		e := it.Entries()[0]
		x.warn(e.KeyRange, "%s: %s is not a SAM policy template (catalogue %s); its statements are not checked",
			x.cur.id, e.Key, "0.0.1")
	}
}

// isDocument reports whether the branches of an Fn::If in Policies are
// policy documents (or AWS::NoValue) rather than managed policy names.
func isDocument(a, b *template.Node) bool {
	doc := func(n *template.Node) bool { return n.Kind == template.Map && n.Get("Statement") != nil }
	return doc(a) || doc(b)
}

func namedPolicy(name string, doc *template.Node, at template.Range) *template.Node {
	p := mapping(at)
	set(p, "PolicyName", at, str(name, at))
	set(p, "PolicyDocument", at, doc)
	return p
}

func trustPolicy(service string, at template.Range) *template.Node {
	st := mapping(at)
	set(st, "Action", at, list(at, str("sts:AssumeRole", at)))
	set(st, "Effect", at, str("Allow", at))
	principal := mapping(at)
	set(principal, "Service", at, list(at, str(service, at)))
	set(st, "Principal", at, principal)
	doc := mapping(at)
	set(doc, "Version", at, str("2012-10-17", at))
	set(doc, "Statement", at, list(at, st))
	return doc
}

// dlqPolicy allows sending to the function's dead-letter queue or topic.
func dlqPolicy(dlq *template.Entry) *template.Node {
	at := dlq.KeyRange
	var action string
	switch typ, _ := literal(dlq.Value.Get("Type")); typ {
	case "SQS":
		action = "sqs:SendMessage"
	case "SNS":
		action = "sns:Publish"
	default:
		return nil
	}
	target := dlq.Value.Get("TargetArn")
	if target == nil {
		return nil
	}
	st := mapping(at)
	set(st, "Action", at, str(action, at))
	set(st, "Effect", at, str("Allow", at))
	set(st, "Resource", at, target)
	doc := mapping(at)
	set(doc, "Version", at, str("2012-10-17", at))
	set(doc, "Statement", at, list(at, st))
	return doc
}

// functionURL expands FunctionUrlConfig into <id>Url and, for AuthType
// NONE, the two permissions that let anyone invoke it. They are located at
// the AuthType value: that is the line that made the URL public.
func (x *expander) functionURL(id string, p *template.Node) {
	e := p.Entry("FunctionUrlConfig")
	if e == nil || e.Value.Kind != template.Map {
		return
	}
	if _, _, ok := e.Value.Intrinsic(); ok {
		return
	}
	cfg := e.Value
	url := mapping(e.KeyRange)
	passAll(url, cfg, "AuthType", "Cors", "InvokeMode")
	set(url, "TargetFunctionArn", e.KeyRange, ref(id, e.KeyRange))
	x.generate(id+"Url", "AWS::Lambda::Url", e.KeyRange, url)
	auth := cfg.Get("AuthType")
	if s, ok := literal(auth); !ok || s != "NONE" {
		return
	}
	at := auth.Range
	public := mapping(at)
	set(public, "Action", at, str("lambda:InvokeFunctionUrl", at))
	set(public, "FunctionName", at, ref(id, at))
	set(public, "FunctionUrlAuthType", at, str("NONE", at))
	set(public, "Principal", at, str("*", at))
	x.generate(id+"UrlPublicPermissions", "AWS::Lambda::Permission", at, public)
	invoke := mapping(at)
	set(invoke, "Action", at, str("lambda:InvokeFunction", at))
	set(invoke, "FunctionName", at, ref(id, at))
	set(invoke, "InvokedViaFunctionUrl", at, boolean(true, at))
	set(invoke, "Principal", at, str("*", at))
	x.generate(id+"URLInvokeAllowPublicAccess", "AWS::Lambda::Permission", at, invoke)
}

func (x *expander) warn(at template.Range, format string, args ...any) {
	x.t.Warnings = append(x.t.Warnings, template.Diagnostic{Line: int(at.Line), Col: int(at.Col), Msg: fmt.Sprintf(format, args...)})
}
