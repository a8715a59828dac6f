package sec

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cfnvet/cfnvet/engine/template"
)

// Verdict is how a secret-bearing value reaches the template (rules.md
// §4.11). Values are judged on the raw template nodes and the parameter
// declarations: supplied parameter values are never substituted, because a
// NoEcho parameter supplied at deploy time is the correct pattern.
type Verdict int

// Verdicts, ordered from harmless to worst.
const (
	// Safe: absent, a secure dynamic reference, a NoEcho parameter without
	// Default, or an opaque value (GetAtt, ImportValue, …).
	Safe Verdict = iota
	// Plaintext: a {{resolve:ssm:…}} reference, an SSM-typed parameter, or a
	// parameter without NoEcho (SEC002).
	Plaintext
	// HardCoded: the secret is stored in the template itself (SEC001).
	HardCoded
)

// Judgement is a verdict with its reason and the parameters involved.
type Judgement struct {
	Verdict Verdict
	Why     string
	Params  []string
}

func worst(js ...Judgement) Judgement {
	var out Judgement
	for _, j := range js {
		if j.Verdict > out.Verdict {
			out = Judgement{Verdict: j.Verdict, Why: j.Why, Params: out.Params}
		}
		if j.Verdict > Safe {
			out.Params = append(out.Params, j.Params...)
		}
	}
	return out
}

var (
	secureRef    = regexp.MustCompile(`^\{\{resolve:(secretsmanager|ssm-secure):[^{}]+\}\}$`)
	securePrefix = regexp.MustCompile(`\{\{resolve:(secretsmanager|ssm-secure):`)
	ssmRef       = regexp.MustCompile(`\{\{resolve:ssm:`)
	subVar       = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)
)

// Params are the template's parameter declarations.
type Params map[string]*Param

// Param is one parameter declaration.
type Param struct {
	Name    string
	Type    string
	NoEcho  bool
	Default *template.Node // nil when absent, null or empty
	Allowed bool           // has AllowedValues
	Entry   *template.Entry
}

// SSMTyped parameters hold an SSM parameter name; the value is read from a
// plaintext String parameter at deploy time.
func (p *Param) SSMTyped() bool { return strings.HasPrefix(p.Type, "AWS::SSM::Parameter::") }

// ParamsOf reads the Parameters section.
func ParamsOf(t *template.Template) Params {
	out := Params{}
	sec := t.Section("Parameters")
	if sec == nil {
		return out
	}
	for i := range sec.Entries {
		e := &sec.Entries[i]
		p := &Param{Name: e.Key, Entry: e}
		if e.Value.Kind == template.Map {
			p.Type = e.Value.Get("Type").Value
			if b, ok := e.Value.Get("NoEcho").BoolValue(); ok {
				p.NoEcho = b
			}
			if d := e.Value.Get("Default"); d.IsScalar() && d.Kind != template.Null && strings.TrimSpace(d.Value) != "" {
				p.Default = d
			}
			p.Allowed = e.Value.Get("AllowedValues") != nil
		}
		out[e.Key] = p
	}
	return out
}

// Judge classifies the raw value n of a secret-bearing property.
func Judge(t *template.Template, ps Params, n *template.Node) Judgement {
	return judge(t, ps, n, 0)
}

func judge(t *template.Template, ps Params, n *template.Node, depth int) Judgement {
	if n == nil || depth > 16 {
		return Judgement{}
	}
	if n.IsScalar() {
		if n.Kind == template.Null {
			return Judgement{}
		}
		return judgeText(n.Value, true)
	}
	fn, arg, ok := n.Intrinsic()
	if !ok {
		return Judgement{}
	}
	switch fn {
	case "Ref":
		return judgeRef(ps, arg.Value)
	case "Fn::If":
		// A secret in either branch is stored in the template whichever
		// branch is deployed, so the worse branch counts.
		if arg.Kind == template.List && len(arg.Items) == 3 {
			return worst(judge(t, ps, arg.Items[1], depth+1), judge(t, ps, arg.Items[2], depth+1))
		}
	case "Fn::Base64":
		return judge(t, ps, arg, depth+1)
	case "Fn::Sub":
		return judgeSub(t, ps, arg, depth)
	case "Fn::Join":
		return judgeJoin(t, ps, arg, depth)
	case "Fn::FindInMap":
		return judgeFindInMap(t, ps, arg, depth)
	}
	return Judgement{} // GetAtt, ImportValue, Select, …: opaque
}

// judgeText classifies literal text. whole says the text is the entire
// value (so a secure dynamic reference must match it exactly).
func judgeText(s string, whole bool) Judgement {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return Judgement{}
	case whole && secureRef.MatchString(s):
		return Judgement{}
	case !whole && securePrefix.MatchString(s):
		return Judgement{}
	case ssmRef.MatchString(s):
		return Judgement{Verdict: Plaintext, Why: "a {{resolve:ssm:…}} reference reads a plaintext String parameter"}
	}
	return Judgement{Verdict: HardCoded, Why: "a literal value " + Redact(s)}
}

func judgeRef(ps Params, name string) Judgement {
	p, ok := ps[name]
	if !ok {
		return Judgement{} // a resource or pseudo parameter: opaque
	}
	switch {
	case p.SSMTyped():
		return Judgement{Verdict: Plaintext, Params: []string{name},
			Why: fmt.Sprintf("parameter %s is an SSM parameter type, read from a plaintext String parameter", name)}
	case p.Default != nil:
		return Judgement{Verdict: HardCoded, Params: []string{name},
			Why: fmt.Sprintf("parameter %s has a Default, which is stored in the template", name)}
	case !p.NoEcho:
		return Judgement{Verdict: Plaintext, Params: []string{name},
			Why: fmt.Sprintf("parameter %s is not NoEcho, so its value is shown by DescribeStacks and the console", name)}
	}
	return Judgement{}
}

func judgeSub(t *template.Template, ps Params, arg *template.Node, depth int) Judgement {
	text, vars := arg, (*template.Node)(nil)
	if arg.Kind == template.List && len(arg.Items) == 2 {
		text, vars = arg.Items[0], arg.Items[1]
	}
	if text.Kind != template.String {
		return Judgement{}
	}
	if securePrefix.MatchString(text.Value) {
		return Judgement{} // builds a secure dynamic reference
	}
	literal := strings.TrimSpace(subVar.ReplaceAllString(text.Value, ""))
	if j := literalParts(literal, "Fn::Sub"); j.Verdict != Safe {
		return j
	}
	var js []Judgement
	for _, m := range subVar.FindAllStringSubmatch(text.Value, -1) {
		name := m[1]
		switch {
		case vars.Get(name) != nil:
			js = append(js, judge(t, ps, vars.Get(name), depth+1))
		case !strings.Contains(name, "."):
			js = append(js, judgeRef(ps, name))
		}
	}
	return worst(js...)
}

func judgeJoin(t *template.Template, ps Params, arg *template.Node, depth int) Judgement {
	if arg.Kind != template.List || len(arg.Items) != 2 || arg.Items[1].Kind != template.List {
		return Judgement{}
	}
	var literal strings.Builder
	var js []Judgement
	for _, it := range arg.Items[1].Items {
		if it.IsScalar() {
			literal.WriteString(it.Value)
			continue
		}
		js = append(js, judge(t, ps, it, depth+1))
	}
	if securePrefix.MatchString(literal.String()) {
		return Judgement{}
	}
	if j := literalParts(strings.TrimSpace(literal.String()), "Fn::Join"); j.Verdict != Safe {
		return j
	}
	return worst(js...)
}

// literalParts judges the literal text of a Fn::Sub or Fn::Join.
func literalParts(literal, fn string) Judgement {
	j := judgeText(literal, false)
	switch j.Verdict {
	case HardCoded:
		j.Why = fmt.Sprintf("a %s with literal text %s", fn, Redact(literal))
	case Plaintext:
		j.Why = fmt.Sprintf("a %s building a {{resolve:ssm:…}} reference to a plaintext String parameter", fn)
	}
	return j
}

// judgeFindInMap: mapping values are literals in the template. The value is
// hard-coded when every entry the lookup could select is.
func judgeFindInMap(t *template.Template, ps Params, arg *template.Node, depth int) Judgement {
	if arg.Kind != template.List || len(arg.Items) < 3 {
		return Judgement{}
	}
	level := []*template.Node{t.Section("Mappings")}
	for _, key := range arg.Items[:3] {
		var next []*template.Node
		for _, m := range level {
			if m == nil || m.Kind != template.Map {
				continue
			}
			if key.Kind == template.String {
				if v := m.Get(key.Value); v != nil {
					next = append(next, v)
				}
				continue
			}
			for _, e := range m.Entries {
				next = append(next, e.Value)
			}
		}
		level = next
	}
	if len(level) == 0 {
		return Judgement{}
	}
	best := Judgement{Verdict: HardCoded}
	for _, v := range level {
		j := judge(t, ps, v, depth+1)
		if j.Verdict < best.Verdict {
			best = j
		}
	}
	if best.Verdict == HardCoded {
		best.Why = "a Fn::FindInMap of a literal stored in the template's Mappings"
	}
	return best
}

// Redact renders a secret for messages without revealing it.
func Redact(s string) string {
	return fmt.Sprintf("[redacted, %d characters]", len([]rune(s)))
}

// JudgeJSONSecret judges a SecretString built with Fn::Sub as a JSON
// document ({"username": "${User}", "password": "${Password}"}): the JSON
// keys and punctuation are structure, not secret text, so only the values
// are judged — a literal under a secret-looking key, or the variables used.
// Anything that is not such a document is judged as usual.
func JudgeJSONSecret(t *template.Template, ps Params, n *template.Node) Judgement {
	fn, arg, ok := n.Intrinsic()
	if !ok || fn != "Fn::Sub" {
		return Judge(t, ps, n)
	}
	text, vars := arg, (*template.Node)(nil)
	if arg.Kind == template.List && len(arg.Items) == 2 {
		text, vars = arg.Items[0], arg.Items[1]
	}
	if text.Kind != template.String || securePrefix.MatchString(text.Value) {
		return Judge(t, ps, n)
	}
	var names []string
	masked := subVar.ReplaceAllStringFunc(text.Value, func(m string) string {
		names = append(names, m[2:len(m)-1])
		return fmt.Sprintf("@@cfnvet%d@@", len(names)-1)
	})
	var doc map[string]any
	if err := json.Unmarshal([]byte(masked), &doc); err != nil {
		return Judge(t, ps, n)
	}
	keys := make([]string, 0, len(doc))
	for k := range doc {
		keys = append(keys, k)
	}
	sortStrings(keys) // deterministic messages
	var js []Judgement
	for _, k := range keys {
		s, ok := doc[k].(string)
		if !ok {
			continue
		}
		refs := placeholder.FindAllStringSubmatch(s, -1)
		if len(refs) == 0 {
			if SecretLooking(k) && strings.TrimSpace(s) != "" {
				js = append(js, Judgement{Verdict: HardCoded, Why: fmt.Sprintf("JSON key %q has a literal value %s", k, Redact(s))})
			}
			continue
		}
		for _, r := range refs {
			i, _ := strconv.Atoi(r[1])
			switch name := names[i]; {
			case vars.Get(name) != nil:
				js = append(js, judge(t, ps, vars.Get(name), 1))
			case !strings.Contains(name, "."):
				js = append(js, judgeRef(ps, name))
			}
		}
	}
	return worst(js...)
}

var placeholder = regexp.MustCompile(`@@cfnvet(\d+)@@`)
