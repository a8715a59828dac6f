// Package model owns the resolved view of a template that rules read: every
// value is Known (a literal after intrinsic functions were evaluated), Unknown
// (opaque or unresolvable), or absent (not in the tree at all). Each value
// remembers the source text it came from and, when it did not come from a
// literal at that place, its provenance.
package model

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/cfnvet/cfnvet/engine/template"
)

// Kind of a resolved value.
type Kind uint8

// Value kinds. Unknown marks a value that cannot be known before deploy
// (GetAtt, ImportValue, a parameter without value or default, …). Rules must
// never report an Unknown value.
const (
	Null Kind = iota
	Bool
	Number
	String
	Map
	List
	Unknown
)

// ProvenanceKind says where a value came from.
type ProvenanceKind string

// Provenance kinds, as they appear in JSON output.
const (
	FromParameterValue   ProvenanceKind = "parameter_value"
	FromParameterDefault ProvenanceKind = "parameter_default"
	FromAllowedValue     ProvenanceKind = "parameter_allowed_value"
	FromCondition        ProvenanceKind = "condition"
	FromMapping          ProvenanceKind = "mapping"
	FromPseudoParameter  ProvenanceKind = "pseudo_parameter"
	// FromParameterAssumed marks a value the engine chose for a parameter
	// to check a deployment other than the defaults (see Scenario).
	FromParameterAssumed ProvenanceKind = "parameter_assumed"
	// FromParentStack: a nested stack's parameter, passed by its parent
	// (Stack names the parent file and its nesting resource; Line is in
	// the parent).
	FromParentStack ProvenanceKind = "parent_stack"
)

// Provenance is one step of how a value was derived.
type Provenance struct {
	Kind  ProvenanceKind `json:"kind"`
	Name  string         `json:"name"`
	Line  int            `json:"line,omitempty"`
	Value string         `json:"value,omitempty"`
	Stack string         `json:"stack,omitempty"`
}

// Describe renders the provenance for a message: `parameter AllowedCidr
// default "0.0.0.0/0"`.
func (p Provenance) Describe() string {
	switch p.Kind {
	case FromParameterValue:
		return fmt.Sprintf("parameter %s value %q", p.Name, p.Value)
	case FromParameterDefault:
		return fmt.Sprintf("parameter %s default %q", p.Name, p.Value)
	case FromAllowedValue:
		return fmt.Sprintf("parameter %s allowed value %q (every allowed value fails)", p.Name, p.Value)
	case FromCondition:
		return fmt.Sprintf("condition %s (%s)", p.Name, p.Value)
	case FromMapping:
		return fmt.Sprintf("mapping %s", p.Name)
	case FromPseudoParameter:
		return fmt.Sprintf("pseudo parameter %s %q", p.Name, p.Value)
	case FromParameterAssumed:
		return fmt.Sprintf("parameter %s assumed %q", p.Name, p.Value)
	case FromParentStack:
		return fmt.Sprintf("parameter %s %q from parent stack %s", p.Name, p.Value, p.Stack)
	}
	return p.Name
}

// Field is one key of a resolved mapping.
type Field struct {
	Key      string
	KeyRange template.Range
	Value    *Value
}

// Value is a resolved template value: the text of a Bool, Number or String
// value (Scalar), a mapping's fields (Fields) or a list's items (Items).
//
// As in template.Node, the three share one pointer and length: a value
// only ever holds one of them, and a 10,000-resource template resolves to
// 124,000 values, 48 bytes each this way instead of 96.
type Value struct {
	Kind  Kind
	holds holding
	n     uint32         // length of the text, fields or items
	kids  unsafe.Pointer // their first byte, field or item
	// Src is the template text that produced the value; for a value taken
	// from a parameter default it is the Ref at the use site.
	Src template.Range
	// Detail is what an Unknown value, a derived value or a mapping with
	// absent keys records beyond that; nil for a literal written in place
	// (most values), which keeps a large template's model small. Read it
	// through the methods of the same names.
	Detail *Detail
}

// holding says which of a value's text, fields and items kids points at.
type holding uint8

const (
	holdsNothing holding = iota
	holdsText
	holdsFields
	holdsItems
)

// Scalar returns the text of a Bool, Number or String value; "" for others.
func (v *Value) Scalar() string {
	if v == nil || v.holds != holdsText {
		return ""
	}
	return unsafe.String((*byte)(v.kids), v.n)
}

// Fields returns a mapping's fields; nil for other kinds. Writing an
// element changes the value; appending does not.
func (v *Value) Fields() []Field {
	if v == nil || v.holds != holdsFields {
		return nil
	}
	return unsafe.Slice((*Field)(v.kids), v.n)
}

// Items returns a list's items; nil for other kinds. Writing an element
// changes the value; appending does not.
func (v *Value) Items() []*Value {
	if v == nil || v.holds != holdsItems {
		return nil
	}
	return unsafe.Slice((**Value)(v.kids), v.n)
}

// SetScalar makes s the value's text. Giving text to a value holding
// fields or items is a bug in the caller, which would lose them.
func (v *Value) SetScalar(s string) {
	if s == "" && v.holds != holdsText {
		return
	}
	v.hold(holdsText, unsafe.Pointer(unsafe.StringData(s)), len(s))
}

// SetFields makes fs the value's fields.
func (v *Value) SetFields(fs []Field) {
	v.hold(holdsFields, unsafe.Pointer(unsafe.SliceData(fs)), len(fs))
}

// SetItems makes items the value's items.
func (v *Value) SetItems(items []*Value) {
	v.hold(holdsItems, unsafe.Pointer(unsafe.SliceData(items)), len(items))
}

func (v *Value) hold(h holding, p unsafe.Pointer, length int) {
	if v.holds != holdsNothing && v.holds != h && v.n > 0 {
		panic(fmt.Sprintf("model: a value holding %d elements of one kind given another (%d)", v.n, h))
	}
	v.holds, v.kids, v.n = h, p, uint32(length)
}

// WithScalar sets the value's text and returns the value.
func (v *Value) WithScalar(s string) *Value { v.SetScalar(s); return v }

// WithFields sets the value's fields and returns the value.
func (v *Value) WithFields(fs []Field) *Value { v.SetFields(fs); return v }

// WithItems sets the value's items and returns the value.
func (v *Value) WithItems(items []*Value) *Value { v.SetItems(items); return v }

// Detail is the less common part of a Value.
type Detail struct {
	Prov []Provenance
	// For Unknown values: the intrinsic that made it opaque and, for Ref and
	// GetAtt, the logical id it points at.
	Fn     string
	Target string
	Attr   string
	// Partial is Fn::Sub/Join text with unresolved parts left as ${…}.
	Partial string
	// Absent lists the keys of a mapping that are missing because a
	// decided Fn::If chose AWS::NoValue.
	Absent []Absence
}

// Copy returns a shallow copy of v with a detail of its own, which can be
// edited without changing v.
func (v *Value) Copy() *Value {
	c := *v
	if v.Detail != nil {
		d := *v.Detail
		c.Detail = &d
	}
	return &c
}

// Edit returns v's detail to be written, creating it when v has none.
func (v *Value) Edit() *Detail {
	if v.Detail == nil {
		v.Detail = &Detail{}
	}
	return v.Detail
}

// Prov is how the value was derived; nil for a literal written in place.
func (v *Value) Prov() []Provenance {
	if v == nil || v.Detail == nil {
		return nil
	}
	return v.Detail.Prov
}

// Fn is the intrinsic that made an Unknown value opaque.
func (v *Value) Fn() string {
	if v == nil || v.Detail == nil {
		return ""
	}
	return v.Detail.Fn
}

// Target is the logical id a Ref or GetAtt points at.
func (v *Value) Target() string {
	if v == nil || v.Detail == nil {
		return ""
	}
	return v.Detail.Target
}

// Attr is the attribute of a GetAtt.
func (v *Value) Attr() string {
	if v == nil || v.Detail == nil {
		return ""
	}
	return v.Detail.Attr
}

// Partial is Fn::Sub/Join text with unresolved parts left as ${…}.
func (v *Value) Partial() string {
	if v == nil || v.Detail == nil {
		return ""
	}
	return v.Detail.Partial
}

// Absent lists the keys of a mapping that a decided Fn::If removed.
func (v *Value) Absent() []Absence {
	if v == nil || v.Detail == nil {
		return nil
	}
	return v.Detail.Absent
}

// Absence records a mapping key whose value is AWS::NoValue because a
// decided Fn::If chose that branch. Rules see the key as not set; a finding
// about it points at the Fn::If and names the condition, which is what the
// user has to change.
type Absence struct {
	Key string
	// If is the Fn::If (its `!If` tag or `Fn::If` key).
	If        template.Range
	Condition string
	// Value is the condition's value.
	Value bool
	// ByDefaults is set when only parameter defaults decided the
	// condition: other parameter values may set the key.
	ByDefaults bool
}

// Note is the message suffix for a finding about the absent key.
func (a *Absence) Note() string {
	if a.ByDefaults {
		return fmt.Sprintf(" (%s is AWS::NoValue when condition %s is %t, as it is for the parameter defaults)", a.Key, a.Condition, a.Value)
	}
	return fmt.Sprintf(" (%s is AWS::NoValue because condition %s is %t)", a.Key, a.Condition, a.Value)
}

// Provenance records the deciding condition for machine-readable output.
func (a *Absence) Provenance() Provenance {
	v := strconv.FormatBool(a.Value)
	if a.ByDefaults {
		v += ", as for the parameter defaults"
	}
	return Provenance{Kind: FromCondition, Name: a.Condition, Value: v}
}

// AbsentKey returns why key is missing from a mapping, or nil when it is
// simply not written (or present).
func (v *Value) AbsentKey(key string) *Absence {
	if v == nil || v.Kind != Map {
		return nil
	}
	absent := v.Absent()
	for i := range absent {
		if absent[i].Key == key {
			return &absent[i]
		}
	}
	return nil
}

// Get returns the value of key in a mapping, or nil when absent.
func (v *Value) Get(key string) *Value {
	if f := v.Field(key); f != nil {
		return f.Value
	}
	return nil
}

// Field returns the field for key in a mapping, or nil.
func (v *Value) Field(key string) *Field {
	if v == nil || v.Kind != Map {
		return nil
	}
	for i := range v.Fields() {
		if v.Fields()[i].Key == key {
			return &v.Fields()[i]
		}
	}
	return nil
}

// Known reports whether v is present and not Unknown.
func (v *Value) Known() bool { return v != nil && v.Kind != Unknown }

// IsUnknown reports whether v is present but Unknown.
func (v *Value) IsUnknown() bool { return v != nil && v.Kind == Unknown }

// Str returns the text of a known scalar.
func (v *Value) Str() (string, bool) {
	if v == nil || (v.Kind != String && v.Kind != Number && v.Kind != Bool) {
		return "", false
	}
	return v.Scalar(), true
}

// Bool returns the CloudFormation boolean value: true/false or the strings
// "true"/"false" in any case.
func (v *Value) Bool() (value, ok bool) {
	s, ok := v.Str()
	if !ok {
		return false, false
	}
	switch strings.ToLower(s) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// IsTrue reports a known true boolean; an Unknown or non-boolean value is
// neither true nor false.
func (v *Value) IsTrue() bool { b, ok := v.Bool(); return ok && b }

// IsFalse reports a known false boolean.
func (v *Value) IsFalse() bool { b, ok := v.Bool(); return ok && !b }

// Int returns the integer value of a number or numeric string.
func (v *Value) Int() (int, bool) {
	s, ok := v.Str()
	if !ok || v.Kind == Bool {
		return 0, false
	}
	s = strings.TrimSpace(s)
	if i, err := strconv.Atoi(s); err == nil {
		return i, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int(f)) {
		return 0, false
	}
	return int(f), true
}

// List returns the items of a list value; a scalar is a one-item list, as
// in IAM's Action: "s3:GetObject".
func (v *Value) List() []*Value {
	switch {
	case v == nil:
		return nil
	case v.Kind == List:
		return v.Items()
	default:
		return []*Value{v}
	}
}

// Describe is a short human rendering of a value for messages.
func (v *Value) Describe() string {
	switch {
	case v == nil:
		return "absent"
	case v.Kind == Unknown:
		if v.Target() != "" {
			return v.Fn() + " " + v.Target()
		}
		if v.Partial() != "" {
			// The text as far as it is known says more than the function's
			// name: Fn::Sub "arn:aws:iam::${AWS::AccountId}:role/Admin".
			return v.Fn() + " " + strconv.Quote(v.Partial())
		}
		return v.Fn()
	case v.Kind == Map:
		return "{…}"
	case v.Kind == List:
		return "[…]"
	case v.Kind == Null:
		return "null"
	}
	return strconv.Quote(v.Scalar())
}

// Path addresses a value inside a resource: string keys and int indices.
type Path []any

// String renders a path as `Properties.SecurityGroupIngress[0].CidrIp`.
func (p Path) String() string {
	var b strings.Builder
	for _, el := range p {
		switch x := el.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", x)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, x)
		}
	}
	return b.String()
}

// Append returns a new path with more elements, never aliasing p.
func (p Path) Append(els ...any) Path {
	out := make(Path, 0, len(p)+len(els))
	return append(append(out, p...), els...)
}

// Resource is one resolved resource of one variant of a template.
type Resource struct {
	ID         string
	Type       string
	Properties *Value // nil when the resource has no Properties
	// Node is the resource's source mapping; Metadata and other attributes
	// are read from it directly.
	Node     *template.Node
	KeyRange template.Range // the logical id key
	// Condition is the text of the resource's Condition attribute, or ""
	// (policy input gives it to every policy; looking it up in Node for
	// each one cost more than the rest of a stub).
	Condition string
	// Variants is how many Fn::If / AllowedValues combinations the resolver
	// enumerated for this resource (1 when all were resolved).
	Variants int
}

// Metadata returns the resource's raw Metadata section.
func (r *Resource) Metadata() *template.Node { return r.Node.Get("Metadata") }

// Prop returns a top-level property or nil.
func (r *Resource) Prop(name string) *Value { return r.Properties.Get(name) }

// View is the resolved template for one combination of unresolved choices.
type View struct {
	Template  *template.Template
	Resources []*Resource // in template order, skipped resources removed
	// Scenarios are set on the first view of a template only: the
	// deployments, other than the one the parameter defaults describe, in
	// which resources that the defaults switch off exist.
	Scenarios []*Scenario
	byID      map[string]*Resource
	byType    map[string][]*Resource
	// derived holds indexes that rules build over the whole view once
	// (Derived), so a per-resource check looks its partners up instead of
	// scanning every resource: linear, not quadratic, in resources.
	derivedMu sync.Mutex
	derived   map[any]any
}

// Scenario is the template resolved under parameter values other than the
// defaults. Defaults are likely values, not facts: a resource whose
// Condition is false for them but true for other values is deployed by
// every stack that sets those values, so it is checked in a scenario that
// sets them. Only findings on the resources the scenario switches on are
// reported from it; everything else is judged in the default views.
type Scenario struct {
	// Switched maps the logical id of each resource that exists in this
	// scenario but not for the defaults to its Condition.
	Switched map[string]string
	// Assumed are the parameter values that differ from the defaults.
	Assumed []Provenance
	// Resolve returns the scenario's views, like the template's. They are
	// made on demand, so a scan holds one scenario's views at a time.
	Resolve func() []*View
}

// Note is the message suffix for a finding on a switched-on resource.
func (s *Scenario) Note(id string) string {
	return fmt.Sprintf(" (when condition %s is true; false for the parameter defaults)", s.Switched[id])
}

// Provenance records, for machine-readable output, that a finding on a
// switched-on resource holds when its condition is true.
func (s *Scenario) Provenance(id string) Provenance {
	return Provenance{Kind: FromCondition, Name: s.Switched[id], Value: "true; false for the parameter defaults"}
}

// NewView builds a view over resources.
func NewView(t *template.Template, resources []*Resource) *View {
	v := &View{Template: t, Resources: resources, byID: make(map[string]*Resource, len(resources)),
		byType: map[string][]*Resource{}}
	for _, r := range resources {
		v.byID[r.ID] = r
		v.byType[r.Type] = append(v.byType[r.Type], r)
	}
	return v
}

// Derived returns the value build computes from the view, computing it once
// per view and key. Rules use it for indexes over the whole template (the
// policies naming each role, the rules attached to each security group).
// key must be comparable and unique to its builder; an unexported type of
// the calling package is the usual choice.
func (v *View) Derived(key any, build func(*View) any) any {
	v.derivedMu.Lock()
	x, ok := v.derived[key]
	v.derivedMu.Unlock()
	if ok {
		return x
	}
	// Built outside the lock, so a builder may use other derived indexes.
	x = build(v)
	v.derivedMu.Lock()
	defer v.derivedMu.Unlock()
	if prev, ok := v.derived[key]; ok {
		return prev
	}
	if v.derived == nil {
		v.derived = map[any]any{}
	}
	v.derived[key] = x
	return x
}

// Resource returns a resource by logical id, or nil.
func (v *View) Resource(id string) *Resource { return v.byID[id] }

// OfType returns the resources of one type, in template order (indexed at
// NewView; callers must not modify the slice).
func (v *View) OfType(typ string) []*Resource {
	rs := v.byType[typ]
	return rs[:len(rs):len(rs)]
}

// ProvDetail is the detail of a value derived through prov; nil when prov
// is empty, so a value without provenance carries no detail.
func ProvDetail(prov []Provenance) *Detail {
	if len(prov) == 0 {
		return nil
	}
	return &Detail{Prov: prov}
}
