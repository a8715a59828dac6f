package sec

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/lazyregexp"
)

// Judge classifies the raw value n of a secret-bearing property: every
// literal there is the secret unless it is empty, a placeholder or a dynamic
// reference; a JSON document (a SecretString) holds a secret only in its
// secret-looking members.
func Judge(t *template.Template, ps Params, n *template.Node) Judgement {
	return judge(t, ps, n, 0)
}

func judge(t *template.Template, ps Params, n *template.Node, depth int) Judgement {
	if n == nil || depth > 16 {
		return Judgement{}
	}
	if n.IsScalar() && n.Kind == template.Null {
		return Judgement{}
	}
	fn, arg, isFn := n.Intrinsic()
	switch {
	case isFn && fn == "Ref":
		return judgeRef(ps, arg.Value())
	case isFn && fn == "Fn::If":
		// A secret in either branch is stored in the template whichever
		// branch is deployed, so the worse branch counts.
		if arg.Kind == template.List && len(arg.Items()) == 3 {
			return worst(judge(t, ps, arg.Items()[1], depth+1), judge(t, ps, arg.Items()[2], depth+1))
		}
		return Judgement{}
	case isFn && fn == "Fn::FindInMap":
		return judgeFindInMap(t, ps, arg, depth)
	}
	pieces, fnName, ok := textPieces(n)
	if !ok {
		return Judgement{} // GetAtt, ImportValue, Select, …: opaque
	}
	return judgePieces(t, ps, pieces, fnName, depth)
}

// piece is one part of a value written as text: literal text, or a hole
// filled at deploy time.
type piece struct {
	text string
	hole bool
	name string         // ${Name} of a Fn::Sub without a variable map entry
	node *template.Node // the value written for the hole
}

// textPieces renders a literal, Fn::Sub, Fn::Join or Fn::Base64 as pieces;
// fn names the function for messages ("" for a literal).
func textPieces(n *template.Node) (pieces []piece, fn string, ok bool) {
	if n.IsScalar() {
		return []piece{{text: n.Value()}}, "", true
	}
	fn, arg, isFn := n.Intrinsic()
	if !isFn {
		return nil, "", false
	}
	switch fn {
	case "Fn::Base64":
		return textPieces(arg)
	case "Fn::Sub":
		text, vars := arg, (*template.Node)(nil)
		if arg.Kind == template.List && len(arg.Items()) == 2 {
			text, vars = arg.Items()[0], arg.Items()[1]
		}
		if !text.IsScalar() {
			return nil, "", false
		}
		return subPieces(text.Value(), vars), fn, true
	case "Fn::Join":
		if arg.Kind != template.List || len(arg.Items()) != 2 || !arg.Items()[0].IsScalar() || arg.Items()[1].Kind != template.List {
			return nil, "", false
		}
		for i, it := range arg.Items()[1].Items() {
			if i > 0 && arg.Items()[0].Value() != "" {
				pieces = append(pieces, piece{text: arg.Items()[0].Value()})
			}
			if it.IsScalar() {
				pieces = append(pieces, piece{text: it.Value()})
			} else {
				pieces = append(pieces, piece{hole: true, node: it})
			}
		}
		return pieces, fn, true
	}
	return nil, "", false
}

var subToken = lazyregexp.New(`\$\{([^}]*)\}`)

func subPieces(text string, vars *template.Node) []piece {
	var out []piece
	last := 0
	for _, m := range subToken.FindAllStringSubmatchIndex(text, -1) {
		name := text[m[2]:m[3]]
		if strings.HasPrefix(name, "!") {
			continue // ${!Literal} is the literal text ${Literal}
		}
		out = append(out, piece{text: text[last:m[0]]})
		if v := vars.Get(name); v != nil {
			out = append(out, piece{hole: true, node: v})
		} else {
			out = append(out, piece{hole: true, name: name})
		}
		last = m[1]
	}
	out = append(out, piece{text: text[last:]})
	for i := range out {
		if !out[i].hole {
			out[i].text = strings.ReplaceAll(out[i].text, "${!", "${")
		}
	}
	return out
}

// holeMarker stands for hole i in the masked text of a value; it cannot
// occur in a real template and contains no JSON or brace syntax.
func holeMarker(i int) string { return fmt.Sprintf("@@cfnvet%d@@", i) }

var holeMarkerRx = lazyregexp.New(`@@cfnvet(\d+)@@`)

// maskPieces joins pieces with markers for holes. For JSON a hole outside a
// string ("port": ${Port}) becomes a quoted marker, so the skeleton of a
// Fn::Sub still parses.
func maskPieces(pieces []piece, quoteOutsideStrings bool) string {
	var b strings.Builder
	inString, escaped := false, false
	for i, p := range pieces {
		if p.hole {
			if quoteOutsideStrings && !inString {
				b.WriteString(`"` + holeMarker(i) + `"`)
			} else {
				b.WriteString(holeMarker(i))
			}
			continue
		}
		for _, r := range p.text {
			switch {
			case escaped:
				escaped = false
			case r == '\\' && inString:
				escaped = true
			case r == '"':
				inString = !inString
			}
		}
		b.WriteString(p.text)
	}
	return b.String()
}

func judgePieces(t *template.Template, ps Params, pieces []piece, fn string, depth int) Judgement {
	if body := strings.TrimSpace(maskPieces(pieces, true)); strings.HasPrefix(body, "{") {
		var doc map[string]any
		if json.Unmarshal([]byte(body), &doc) == nil {
			return judgeJSON(t, ps, pieces, doc, nil, depth)
		}
	}
	return judgeText(t, ps, pieces, maskPieces(pieces, false), describeLiteral(fn), depth)
}

// describeLiteral returns how a message names literal text in a value built
// by fn ("" for a plain literal).
func describeLiteral(fn string) func(string) string {
	return func(literal string) string {
		if fn == "" {
			return "a literal value " + Redact(literal)
		}
		return fmt.Sprintf("a %s with literal text %s", fn, Redact(literal))
	}
}

// dynamicReference matches {{resolve:service:…}} in masked text.
var dynamicReference = lazyregexp.New(`\{\{resolve:([A-Za-z0-9-]+):[^{}]*\}\}`)

// judgeText judges masked text that is not a JSON document: dynamic
// references are judged by their service and their holes are not (they name
// where the secret is), the other holes as values, and the remaining literal
// text as a secret unless a secure reference or a hole supplies the secret
// (a generated "${Random.Value}Aa1!" keeps its secret out of the template).
func judgeText(t *template.Template, ps Params, pieces []piece, masked string, describe func(string) string, depth int) Judgement {
	var js []Judgement
	supplied := false
	for _, m := range dynamicReference.FindAllStringSubmatch(masked, -1) {
		if m[1] == "ssm" {
			js = append(js, Judgement{Verdict: Plaintext, Why: "a {{resolve:ssm:…}} reference reads a plaintext String parameter"})
		} else {
			supplied = true
		}
	}
	rest := dynamicReference.ReplaceAllString(masked, "")
	// Holes leave the literal text; marker-like text written in the template
	// itself stays literal.
	literal := strings.TrimSpace(holeMarkerRx.ReplaceAllStringFunc(rest, func(marker string) string {
		i, err := strconv.Atoi(holeMarkerRx.FindStringSubmatch(marker)[1])
		if err != nil || i >= len(pieces) || !pieces[i].hole {
			return marker
		}
		js = append(js, judgeHole(t, ps, pieces[i], depth))
		supplied = supplied || suppliesSecret(ps, pieces[i])
		return ""
	}))
	if !supplied && hasAlphanumeric(literal) && !ClassifyValue(literal).HarmlessAtSecretProperty() {
		js = append([]Judgement{{Verdict: HardCoded, Why: describe(literal)}}, js...)
	}
	return worst(js...)
}

// judgeJSON judges the members of a JSON document: only a secret-looking
// key holds a secret; the keys, punctuation and other members (username,
// host, dbname) are structure.
func judgeJSON(t *template.Template, ps Params, pieces []piece, doc map[string]any, at []string, depth int) Judgement {
	var js []Judgement
	for _, k := range sortedKeys(doc) {
		member := append(append([]string(nil), at...), k)
		switch v := doc[k].(type) {
		case map[string]any:
			js = append(js, judgeJSON(t, ps, pieces, v, member, depth))
		case string:
			if !SecretLooking(k) {
				// A URL carries its own password whatever its key is called.
				if !holeMarkerRx.MatchString(v) && urlScheme.MatchString(v) && urlPassword(v) {
					js = append(js, Judgement{Verdict: HardCoded, Member: member,
						Why: fmt.Sprintf("JSON key %q holds a URL with a password %s", k, Redact(v))})
				}
				continue
			}
			describe := func(literal string) string {
				return fmt.Sprintf("JSON key %q has a literal value %s", k, Redact(literal))
			}
			js = append(js, withMember(judgeText(t, ps, pieces, v, describe, depth), member))
		}
	}
	return worst(js...)
}

// judgeHole judges the value filling a hole of a Fn::Sub or Fn::Join.
func judgeHole(t *template.Template, ps Params, p piece, depth int) Judgement {
	if p.node != nil {
		return judge(t, ps, p.node, depth+1)
	}
	if strings.Contains(p.name, ".") {
		return Judgement{} // ${Resource.Attribute}: opaque
	}
	return judgeRef(ps, strings.TrimSpace(p.name))
}

// suppliesSecret reports a hole that brings secret material the template
// does not hold: a Fn::GetAtt (a generated password), a Fn::ImportValue, or
// a NoEcho parameter without a credential Default. Pseudo parameters and
// resource ids are public, so text around them stays a hard-coded secret.
func suppliesSecret(ps Params, p piece) bool {
	name := strings.TrimSpace(p.name)
	if p.node != nil {
		fn, arg, ok := p.node.Intrinsic()
		switch {
		case !ok:
			return false
		case fn == "Fn::GetAtt" || fn == "Fn::ImportValue":
			return true
		case fn != "Ref" || !arg.IsScalar():
			return false
		}
		name = arg.Value()
	} else if strings.Contains(name, ".") {
		return true // ${Resource.Attribute}
	}
	prm := ps[name]
	return prm != nil && prm.NoEcho && !prm.DefaultIsCredential()
}

func hasAlphanumeric(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}) >= 0
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
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
	case p.Default != nil && !p.DefaultClass().HarmlessAtSecretProperty():
		return Judgement{Verdict: HardCoded, Params: []string{name},
			Why: fmt.Sprintf("parameter %s has a Default, which is stored in the template", name)}
	case !p.NoEcho:
		return Judgement{Verdict: Plaintext, Params: []string{name},
			Why: fmt.Sprintf("parameter %s is not NoEcho, so its value is shown by DescribeStacks and the console", name)}
	}
	return Judgement{}
}

// judgeFindInMap: mapping values are literals in the template. The value is
// hard-coded when every entry the lookup could select is.
func judgeFindInMap(t *template.Template, ps Params, arg *template.Node, depth int) Judgement {
	if arg.Kind != template.List || len(arg.Items()) < 3 {
		return Judgement{}
	}
	level := []*template.Node{t.Section("Mappings")}
	for _, key := range arg.Items()[:3] {
		var next []*template.Node
		for _, m := range level {
			if m == nil || m.Kind != template.Map {
				continue
			}
			if key.Kind == template.String {
				if v := m.Get(key.Value()); v != nil {
					next = append(next, v)
				}
				continue
			}
			for _, e := range m.Entries() {
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
		best.Member = nil
	}
	return best
}

// Redact renders a secret for messages without revealing it.
func Redact(s string) string {
	return fmt.Sprintf("[redacted, %d characters]", len([]rune(s)))
}
