package sam

import (
	"github.com/cfnvet/cfnvet/engine/template"
)

// events expands the Events of a function (or state machine, lambda false)
// named target. Each generated resource is located at the event's key.
//
// Expanded: Api and HttpApi (the implicit ServerlessRestApi and
// ServerlessHttpApi when the event names no API; the permission letting API
// Gateway invoke a function; the route, added to the API's OpenAPI body by
// finishRoutes), SNS (the subscription, and for
// SqsSubscription the queue SAM creates between topic and function, its
// policy and event source mapping; the permission otherwise), SQS, Kinesis,
// DynamoDB and MSK (the event source mapping). Other event types create
// rules and permissions restricted to their source, which no check reads;
// they are not generated.
func (x *expander) events(target string, p *template.Node, lambda bool) {
	for i := range p.Get("Events").Fields() {
		ev := &p.Get("Events").Entries()[i]
		if ev.Value.Kind != template.Map {
			continue
		}
		typ, _ := literal(ev.Value.Get("Type"))
		props := ev.Value.Get("Properties")
		if _, _, ok := props.Intrinsic(); ok {
			continue // cannot tell which API or source it names
		}
		at := ev.KeyRange
		name := target + ev.Key
		switch typ {
		case "Api":
			apiRef := props.Get("RestApiId")
			if apiRef == nil {
				x.implicit(true, ev)
			}
			x.route(true, apiRef, props, at)
			if lambda {
				perm := name + "Permission"
				if apiRef == nil {
					perm += "Prod"
				}
				x.generate(perm, "AWS::Lambda::Permission", at, invokePermission(target, "apigateway.amazonaws.com",
					apiRef, implicitRestAPI, at))
			}
		case "HttpApi":
			apiRef := props.Get("ApiId")
			if apiRef == nil {
				x.implicit(false, ev)
			}
			x.route(false, apiRef, props, at)
			if lambda {
				x.generate(name+"Permission", "AWS::Lambda::Permission", at, invokePermission(target,
					"apigateway.amazonaws.com", apiRef, implicitHTTPAPI, at))
			}
		case "SNS":
			if lambda {
				x.snsEvent(target, name, props, at)
			}
		case "SQS", "Kinesis", "DynamoDB", "MSK":
			if lambda {
				x.eventSourceMapping(target, name, typ, props, at)
			}
		}
	}
}

// invokePermission lets an AWS service invoke function fn, restricted to
// the API it comes from (SourceArn built from apiRef, or from the implicit
// API when apiRef is nil).
func invokePermission(fn, principal string, apiRef *template.Node, implicit string, at template.Range) *template.Node {
	if apiRef == nil {
		apiRef = ref(implicit, at)
	}
	vars := mapping(at)
	set(vars, "__ApiId__", at, apiRef)
	sub := mapping(at)
	set(sub, "Fn::Sub", at, list(at, str("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/*", at), vars))
	perm := mapping(at)
	set(perm, "Action", at, str("lambda:InvokeFunction", at))
	set(perm, "FunctionName", at, ref(fn, at))
	set(perm, "Principal", at, str(principal, at))
	set(perm, "SourceArn", at, sub)
	return perm
}

// snsEvent subscribes the function to a topic: directly, or through the
// queue <fn><event>Queue that SAM creates for SqsSubscription: true (or a
// SqsSubscription mapping without QueueArn).
func (x *expander) snsEvent(fn, name string, props *template.Node, at template.Range) {
	topic := props.Get("Topic")
	if topic == nil {
		return
	}
	sqs := props.Entry("SqsSubscription")
	createsQueue := false
	if sqs != nil {
		if b, ok := sqs.Value.BoolValue(); ok {
			createsQueue = b
		} else if sqs.Value.Kind == template.Map && sqs.Value.Get("QueueArn") == nil {
			if _, _, isFn := sqs.Value.Intrinsic(); !isFn {
				createsQueue = true
			}
		}
	}
	sub := mapping(at)
	set(sub, "TopicArn", at, topic)
	passAll(sub, props, "FilterPolicy", "FilterPolicyScope", "Region", "RedrivePolicy")
	if !createsQueue {
		set(sub, "Protocol", at, str("lambda", at))
		set(sub, "Endpoint", at, arnOf(fn, at))
		x.generate(name, "AWS::SNS::Subscription", at, sub)
		perm := mapping(at)
		set(perm, "Action", at, str("lambda:InvokeFunction", at))
		set(perm, "FunctionName", at, ref(fn, at))
		set(perm, "Principal", at, str("sns.amazonaws.com", at))
		set(perm, "SourceArn", at, topic)
		x.generate(name+"Permission", "AWS::Lambda::Permission", at, perm)
		return
	}
	qat := sqs.KeyRange
	queue := name + "Queue"
	x.generate(queue, "AWS::SQS::Queue", qat, mapping(qat))
	st := mapping(qat)
	set(st, "Action", qat, str("sqs:SendMessage", qat))
	set(st, "Effect", qat, str("Allow", qat))
	set(st, "Principal", qat, str("*", qat))
	set(st, "Resource", qat, arnOf(queue, qat))
	cond := mapping(qat)
	arnEquals := mapping(qat)
	set(arnEquals, "aws:SourceArn", qat, topic)
	set(cond, "ArnEquals", qat, arnEquals)
	set(st, "Condition", qat, cond)
	doc := mapping(qat)
	set(doc, "Version", qat, str("2012-10-17", qat))
	set(doc, "Statement", qat, list(qat, st))
	pol := mapping(qat)
	set(pol, "PolicyDocument", qat, doc)
	set(pol, "Queues", qat, list(qat, ref(queue, qat)))
	x.generate(queue+"Policy", "AWS::SQS::QueuePolicy", qat, pol)
	set(sub, "Protocol", at, str("sqs", at))
	set(sub, "Endpoint", at, arnOf(queue, at))
	x.generate(name, "AWS::SNS::Subscription", at, sub)
	esm := mapping(qat)
	set(esm, "EventSourceArn", qat, arnOf(queue, qat))
	set(esm, "FunctionName", qat, ref(fn, qat))
	if sqs.Value.Kind == template.Map {
		passAll(esm, sqs.Value, "BatchSize", "Enabled")
	}
	x.generate(name+"EventSourceMapping", "AWS::Lambda::EventSourceMapping", qat, esm)
}

// eventSourceMapping polls a queue, stream or cluster for the function.
func (x *expander) eventSourceMapping(fn, name, typ string, props *template.Node, at template.Range) {
	source := map[string]string{"SQS": "Queue", "Kinesis": "Stream", "DynamoDB": "Stream", "MSK": "Stream"}[typ]
	esm := mapping(at)
	pass(esm, props, source, "EventSourceArn")
	set(esm, "FunctionName", at, ref(fn, at))
	passAll(esm, props, "BatchSize", "Enabled", "StartingPosition", "StartingPositionTimestamp",
		"MaximumBatchingWindowInSeconds", "MaximumRetryAttempts", "BisectBatchOnFunctionError",
		"MaximumRecordAgeInSeconds", "DestinationConfig", "ParallelizationFactor", "FilterCriteria",
		"FunctionResponseTypes", "ScalingConfig", "TumblingWindowInSeconds", "KmsKeyArn", "Topics")
	x.generate(name, "AWS::Lambda::EventSourceMapping", at, esm)
}
