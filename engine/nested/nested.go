// Package nested owns nested stacks: which resources of a resolved template
// nest another template (AWS::CloudFormation::Stack, and
// AWS::Serverless::Application with a local Location), where the child
// template is on disk (resolved relative to the parent, as `aws
// cloudformation package` and `sam build` read it; the CDK's
// aws:asset:path), and the parameter values the parent passes to it.
//
// A SAM transform stage or any other caller that has resolved views of a
// template uses Find, then Bind to get the child's resolve.Inputs.
package nested

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/template"
)

// locationProperty names, per resource type that nests a stack, the
// property holding the child template's location.
var locationProperty = map[string]string{
	"AWS::CloudFormation::Stack":   "TemplateURL",
	"AWS::Serverless::Application": "Location",
}

// NestingTypes returns the resource types that nest a stack, sorted.
func NestingTypes() []string {
	out := make([]string, 0, len(locationProperty))
	for t := range locationProperty {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// LocationProperty returns the property naming the child template of a
// resource type that nests a stack ("TemplateURL", "Location").
func LocationProperty(resourceType string) (string, bool) {
	p, ok := locationProperty[resourceType]
	return p, ok
}

// Ref is one nested stack a parent template declares.
type Ref struct {
	// Resource is the logical id of the nesting resource in the parent,
	// Type its type, Property "TemplateURL" or "Location".
	Resource, Type, Property string
	// Location is the child's location as written, when known.
	Location string
	// Path is the child template on disk, relative to the working
	// directory like the parent's name; empty when the location is remote
	// or not known before deploy (Note says which).
	Path string
	// Range is where the location is written in the parent (the resource's
	// key when the location is absent).
	Range template.Range
	// Note says why a child is not followed: a remote URL (never fetched)
	// or a location only known at deploy time.
	Note string
	// Parameters are the values the parent passes, by child parameter
	// name, as resolved in the parent: nil or Unknown when not known
	// before deploy.
	Parameters map[string]*model.Value
}

// Find lists the nested stacks of a template from its resolved views (view
// 0 for locations; a parameter value is Known only when every view that has
// the resource resolves it to the same text). parentFile is the parent's
// path, which local locations are relative to.
func Find(parentFile string, views []*model.View) []Ref {
	if len(views) == 0 {
		return nil
	}
	var out []Ref
	for _, r := range views[0].Resources {
		prop, ok := locationProperty[r.Type]
		if !ok {
			continue
		}
		ref := Ref{Resource: r.ID, Type: r.Type, Property: prop, Range: r.KeyRange}
		locate(&ref, parentFile, r)
		ref.Parameters = parameters(views, r.ID)
		out = append(out, ref)
	}
	return out
}

func locate(ref *Ref, parentFile string, r *model.Resource) {
	dir := filepath.Dir(parentFile)
	loc := r.Prop(ref.Property)
	if loc != nil {
		ref.Range = loc.Src
	}
	// The CDK writes a deploy-time S3 URL and names the local file in
	// Metadata (aws:asset:path, relative to the cloud assembly, which is
	// the parent's folder).
	if md := r.Metadata(); md != nil {
		if p := md.Get("aws:asset:path"); p != nil && p.IsScalar() && strings.HasSuffix(p.Value(), ".json") {
			if prop := md.Get("aws:asset:property"); prop == nil || prop.Value() == ref.Property {
				ref.Location, ref.Path = p.Value(), filepath.Join(dir, filepath.FromSlash(p.Value()))
				return
			}
		}
	}
	switch {
	case loc == nil:
		ref.Note = fmt.Sprintf("nested stack %s has no %s; its template is not scanned", ref.Resource, ref.Property)
	case loc.Kind == model.Map && ref.Type == "AWS::Serverless::Application":
		ref.Note = fmt.Sprintf("nested stack %s is a Serverless Application Repository application; its template is not fetched or scanned", ref.Resource)
	case !loc.Known():
		ref.Note = fmt.Sprintf("nested stack %s: %s is only known at deploy time; its template is not scanned", ref.Resource, ref.Property)
	default:
		s, ok := loc.Str()
		if !ok {
			ref.Note = fmt.Sprintf("nested stack %s: %s is not a string; its template is not scanned", ref.Resource, ref.Property)
			return
		}
		ref.Location = s
		if isRemote(s) {
			ref.Note = fmt.Sprintf("nested stack %s: %s %s is remote; it is not fetched or scanned (scan the local template before `aws cloudformation package` uploads it)", ref.Resource, ref.Property, s)
			return
		}
		p := filepath.FromSlash(strings.TrimPrefix(s, "file://"))
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		ref.Path = p
	}
}

func isRemote(loc string) bool {
	l := strings.ToLower(loc)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "s3://")
}

// parameters reads the Parameters property of resource id in every view
// that has it.
func parameters(views []*model.View, id string) map[string]*model.Value {
	out := map[string]*model.Value{}
	for j, v := range views {
		r := v.Resource(id)
		if r == nil || (j > 0 && r.Variants <= j) {
			continue
		}
		ps := r.Prop("Parameters")
		if ps == nil || ps.Kind != model.Map {
			continue
		}
		for _, f := range ps.Fields() {
			prev, seen := out[f.Key]
			switch {
			case !seen:
				out[f.Key] = f.Value
			case prev.Known() && !sameText(prev, f.Value):
				// Differs between variants of the parent: not known.
				out[f.Key] = &model.Value{Kind: model.Unknown, Src: prev.Src, Detail: &model.Detail{Fn: "Fn::If"}}
			}
		}
	}
	return out
}

func sameText(a, b *model.Value) bool {
	as, aok := text(a)
	bs, bok := text(b)
	return aok && bok && as == bs
}

// text is the string CloudFormation passes for a parameter value: a
// scalar's text, or a list's items joined with commas.
func text(v *model.Value) (string, bool) {
	if s, ok := v.Str(); ok {
		return s, true
	}
	if v == nil || v.Kind != model.List {
		return "", false
	}
	parts := make([]string, 0, len(v.Items()))
	for _, it := range v.Items() {
		s, ok := it.Str()
		if !ok {
			return "", false
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ","), true
}

// Bind returns the inputs a child template is resolved with: the pseudo
// parameters and forced conditions of base (the same account and region),
// and every parameter the parent passes. A value known in the parent binds
// with provenance "from parent stack"; one that is not known there makes the
// child's parameter Unknown, whatever its Default says. Parameters the
// parent does not pass take the child's own defaults, as CloudFormation
// does; base's other parameter values are the parent's, not the child's.
func Bind(parentFile string, ref Ref, base resolve.Inputs) resolve.Inputs {
	in := resolve.Inputs{Parameters: map[string]string{}, Conditions: base.Conditions,
		Bound: map[string]resolve.Binding{}}
	for k, v := range base.Parameters {
		if strings.HasPrefix(k, "AWS::") && k != "AWS::StackName" && k != "AWS::StackId" {
			in.Parameters[k] = v
		}
	}
	for name, v := range ref.Parameters {
		s, ok := text(v)
		if !ok {
			in.Bound[name] = resolve.Binding{}
			continue
		}
		prov := model.Provenance{Kind: model.FromParentStack, Name: name, Line: int(v.Src.Line), Value: s,
			Stack: fmt.Sprintf("%s (%s)", parentFile, ref.Resource)}
		in.Bound[name] = resolve.Binding{Known: true, Value: s,
			Prov: append([]model.Provenance{prov}, v.Prov()...)}
	}
	return in
}
