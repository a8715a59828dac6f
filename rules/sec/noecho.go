package sec

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/template"
)

// NoEcho masks a parameter only where CloudFormation describes the stack's
// parameters. Resource Metadata, Outputs and the values a resource stores
// (its tags) carry the substituted value in clear.

// noEchoIn returns the NoEcho parameters whose value a raw value n carries
// when deployed: a Ref, a ${Name} of Fn::Sub (also through its variable
// map), an item of Fn::Join, through Fn::Base64. A Fn::If carries them only
// when both branches do (which branch is deployed may not be known); every
// other function (Fn::Select, Fn::GetAtt, Fn::FindInMap, …) is opaque.
func noEchoIn(ps Params, n *template.Node, depth int) []string {
	if n == nil || n.IsScalar() || depth > 16 {
		return nil
	}
	fn, arg, isFn := n.Intrinsic()
	if !isFn {
		return nil
	}
	switch fn {
	case "Ref":
		if p := ps[arg.Text()]; p != nil && p.NoEcho {
			return []string{p.Name}
		}
		return nil
	case "Fn::If":
		if arg.Kind != template.List || len(arg.Items()) != 3 {
			return nil
		}
		then, other := noEchoIn(ps, arg.Items()[1], depth+1), noEchoIn(ps, arg.Items()[2], depth+1)
		if len(then) == 0 || len(other) == 0 {
			return nil
		}
		return union(then, other)
	}
	pieces, _, ok := textPieces(n)
	if !ok {
		return nil
	}
	var out []string
	for _, pc := range pieces {
		switch {
		case !pc.hole:
		case pc.node != nil:
			out = union(out, noEchoIn(ps, pc.node, depth+1))
		case !strings.Contains(pc.name, "."):
			if p := ps[strings.TrimSpace(pc.name)]; p != nil && p.NoEcho {
				out = union(out, []string{p.Name})
			}
		}
	}
	return out
}

// union appends the names of b missing from a, keeping first-seen order.
func union(a, b []string) []string {
	for _, name := range b {
		found := false
		for _, have := range a {
			found = found || have == name
		}
		if !found {
			a = append(a, name)
		}
	}
	return a
}

// parameterNames renders "parameter A" or "parameters A, B" for messages.
func parameterNames(names []string) string {
	if len(names) == 1 {
		return "NoEcho parameter " + names[0]
	}
	return "NoEcho parameters " + strings.Join(names, ", ")
}
