package sec

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/lazyregexp"
)

// Verdict is how a secret-bearing value reaches the template (rules.md
// §4.11). Values are judged on the raw template nodes and the parameter
// declarations: supplied parameter values are never substituted, because a
// NoEcho parameter supplied at deploy time is the correct pattern.
type Verdict int

// Verdicts, ordered from harmless to worst.
const (
	// Safe: absent, a secure dynamic reference, a NoEcho parameter without
	// a credential Default, an opaque value (GetAtt, ImportValue, …), or a
	// literal that is not a secret (placeholder, empty JSON, …).
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
	// Member is the path inside a JSON document (a SecretString) to the
	// member holding the secret, when the value is one.
	Member []string
}

func worst(js ...Judgement) Judgement {
	var out Judgement
	for _, j := range js {
		if j.Verdict > out.Verdict {
			out = Judgement{Verdict: j.Verdict, Why: j.Why, Params: out.Params, Member: j.Member}
		}
		if j.Verdict > Safe {
			out.Params = append(out.Params, j.Params...)
		}
	}
	return out
}

// withMember records that j was found in a JSON member.
func withMember(j Judgement, member []string) Judgement {
	if j.Verdict > Safe && j.Member == nil {
		j.Member = member
	}
	return j
}

var subVar = lazyregexp.New(`\$\{([^}!][^}]*)\}`)

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

	// defaultClass memoises DefaultClass: rules ask about the same
	// parameter for many resources, and about most defaults never.
	defaultClass *ValueClass
}

// DefaultClass is what the Default is; meaningful when Default is set.
func (p *Param) DefaultClass() ValueClass {
	if p.defaultClass == nil {
		c := ClassEmpty
		if p.Default != nil {
			c = ClassifyValue(p.Default.Value())
		}
		p.defaultClass = &c
	}
	return *p.defaultClass
}

// SSMTyped parameters hold an SSM parameter name; the value is read from a
// plaintext String parameter at deploy time.
func (p *Param) SSMTyped() bool { return strings.HasPrefix(p.Type, "AWS::SSM::Parameter::") }

// DefaultIsCredential reports a Default that could be a credential (not a
// placeholder, number, path, …): only such a default stores a secret in the
// template.
func (p *Param) DefaultIsCredential() bool {
	return p.Default != nil && p.DefaultClass() == ClassCredential
}

// ParamsOf reads the Parameters section.
func ParamsOf(t *template.Template) Params {
	out := Params{}
	sec := t.Section("Parameters")
	if sec == nil {
		return out
	}
	for i := range sec.Entries() {
		e := &sec.Entries()[i]
		p := &Param{Name: e.Key, Entry: e}
		if e.Value.Kind == template.Map {
			p.Type = e.Value.Get("Type").Text() // optional here: CloudFormation requires it, the parser does not
			if b, ok := e.Value.Get("NoEcho").BoolValue(); ok {
				p.NoEcho = b
			}
			if d := e.Value.Get("Default"); d.IsScalar() && d.Kind != template.Null && strings.TrimSpace(d.Value()) != "" {
				p.Default = d
			}
			p.Allowed = e.Value.Get("AllowedValues") != nil
		}
		out[e.Key] = p
	}
	return out
}
