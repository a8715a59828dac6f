package policy

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/cfnvet/cfnvet/engine/rule"
)

// Parsing and compiling Rego is most of what a small scan costs (every
// policy together: ~0.15 s of CPU), so a Set compiles lazily: a rule policy
// is parsed and compiled, with the library modules, the first time a
// template holding one of its resource types is evaluated with its rule
// selected, and then shared by every template and goroutine (see
// exactBatches for runs that meet many resource types).

// module is one .rego file of a set: a library (any package outside
// cfnvet.rules) or a rule policy.
type module struct {
	name   string // as in messages: "policies/log/log001.rego"
	text   []byte // the source, until it is compiled
	parsed *ast.Module
	// The fields below are for rule policies only.
	meta  *rule.Meta
	pkg   string // cfnvet.rules.<pkg>
	types map[string]bool
	// builtin marks cfnvet's own policies (Source.Builtin): held to a CPU
	// budget only, where a user's also has a wall-clock deadline.
	builtin bool
	// indexed marks a module its source's index describes, with the same
	// digest: BuildIndex compiled exactly this text with every check.
	indexed bool
	// needs are the library rules the policy uses (Indexed.Needs); nil
	// means all of them.
	needs map[string]bool
	// query and reads are valid once compiled is true.
	compiled bool
	query    rego.PreparedEvalQuery
	compiler *ast.Compiler // the batch's, which a joint query of its policies needs
	reads    *typeReads
	evals    atomic.Int64
	// The fields below are for a library module the index describes
	// definition by definition: where each definition is written, each
	// one parsed so far (nil until needed), and the module of the first
	// partial parse, for its package, imports and package annotations.
	definitions []Definition
	defined     []*ast.Rule
	header      *ast.Module
}

// modules holds every module of a Set and compiles them on demand; it is
// shared by the sets Only derives, so each policy is compiled once.
type modules struct {
	caps *ast.Capabilities
	mu   sync.Mutex // guards everything below and each module's parse/compile fields
	libs []*module
	// rules are sorted by package name, so batches compile in a stable order.
	rules  []*module
	parsed []string // module names, in parse order
	// libraryRules are the library rule keys parsed one by one, in order.
	libraryRules   []string
	compiled       []string // rule policy module names, in compile order
	batches        int
	indexedBatches int // batches that skipped checkOnlyStages
	// joint are the prepared queries that evaluate several policies of one
	// batch at once (jointQuery), by their packages joined.
	joint map[string]rego.PreparedEvalQuery
	// jointEvals counts the joint queries that succeeded.
	jointEvals atomic.Int64
}

// Load reads the policies of the sources (files ending in _test.rego are
// skipped: they belong to `cfnvet policy test`). A file the source's Index
// describes, with a matching digest, is not parsed here: its metadata comes
// from the index and the scan compiles it when needed. Every other file is
// parsed now, and if there is any, every such rule policy is compiled now
// with the library, so a broken user policy stops the scan before any
// template is read.
func Load(ctx context.Context, sources ...Source) (*Set, error) {
	ms := &modules{caps: Capabilities()}
	set := &Set{mods: ms}
	seen := map[string]bool{}
	// declaredBy maps each rule package to the file declaring it: Rego
	// would merge two modules of one package, so one policy (a user's)
	// could change another's (a built-in's) results.
	declaredBy := map[string]string{}
	var eager []*module
	parsedLibrary := false
	for _, src := range sources {
		indexed := make(map[string]Indexed, len(src.Index))
		for _, e := range src.Index {
			indexed[e.File] = e
		}
		err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || !isPolicyFile(p, d) {
				return err
			}
			name := path.Join(src.Name, p)
			data, err := readPolicyFile(src, p, d)
			if err != nil {
				return err
			}
			if seen[name] {
				return fmt.Errorf("policy %s loaded twice", name)
			}
			seen[name] = true
			m := &module{name: name, text: data}
			if e, ok := indexed[p]; ok && e.Digest == digest(data) {
				m.indexed = true
				m.meta, m.pkg = e.Meta, e.Package
				if m.meta == nil && e.Definitions != nil {
					m.definitions = e.Definitions
					m.defined = make([]*ast.Rule, len(e.Definitions))
				}
				if e.Needs != nil {
					m.needs = make(map[string]bool, len(e.Needs))
					for _, n := range e.Needs {
						m.needs[n] = true
					}
				}
			} else {
				if m, err = ms.parseNew(name, data, src.User); err != nil {
					return err
				}
				if m.meta == nil {
					parsedLibrary = true
				} else {
					eager = append(eager, m)
				}
			}
			if m.meta == nil {
				ms.libs = append(ms.libs, m)
				return nil
			}
			if prev, dup := declaredBy[m.pkg]; dup {
				return fmt.Errorf("%s: package cfnvet.rules.%s is already declared by %s; a policy cannot extend another policy's package",
					name, m.pkg, prev)
			}
			declaredBy[m.pkg] = name
			m.builtin = src.Builtin
			m.types = make(map[string]bool, len(m.meta.ResourceTypes))
			for _, t := range m.meta.ResourceTypes {
				m.types[t] = true
			}
			ms.rules = append(ms.rules, m)
			set.Rules = append(set.Rules, m.meta)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(set.Rules, func(i, j int) bool { return set.Rules[i].ID < set.Rules[j].ID })
	sort.SliceStable(ms.rules, func(i, j int) bool { return ms.rules[i].pkg < ms.rules[j].pkg })
	if len(eager) > 0 || parsedLibrary {
		ms.mu.Lock()
		defer ms.mu.Unlock()
		if err := ms.compile(ctx, eager); err != nil {
			return nil, err
		}
	}
	return set, nil
}

func isPolicyFile(p string, d fs.DirEntry) bool {
	return !d.IsDir() && strings.HasSuffix(p, ".rego") && !strings.HasSuffix(p, "_test.rego")
}

// parseNew parses a file Load found no index entry for, recording it in
// the set's statistics.
func (ms *modules) parseNew(name string, data []byte, user bool) (*module, error) {
	m, err := parseFile(name, data, ms.caps, user)
	if err != nil {
		return nil, err
	}
	ms.parsed = append(ms.parsed, name)
	return m, nil
}

// parseFile parses one policy file and, for a rule policy, reads its
// METADATA. A user's file is refused first if it is in cfnvet's own
// packages (checkUserPackage).
func parseFile(name string, data []byte, caps *ast.Capabilities, user bool) (*module, error) {
	mod, err := parseModule(name, data, caps)
	if err != nil {
		return nil, err
	}
	if user {
		if err := checkUserPackage(name, mod); err != nil {
			return nil, err
		}
	}
	m := &module{name: name, text: data, parsed: mod}
	pkg := mod.Package.Path.String()
	if !strings.HasPrefix(pkg, RulePackagePrefix) {
		return m, nil // a library module
	}
	short := strings.TrimPrefix(pkg, RulePackagePrefix)
	if strings.Contains(short, ".") {
		return nil, fmt.Errorf("%s:%d: rule policies must be package cfnvet.rules.<name>, found %s",
			name, mod.Package.Location.Row, strings.TrimPrefix(pkg, "data."))
	}
	if m.meta, err = metaFromModule(name, mod); err != nil {
		return nil, err
	}
	m.pkg = short
	return m, nil
}

// compile parses what is not parsed yet of the library and batch, compiles
// them together and prepares each batch policy's deny query. The caller
// holds ms.mu.
func (ms *modules) compile(ctx context.Context, batch []*module) error {
	all := make(map[string]*ast.Module, len(ms.libs)+len(batch))
	checked := true // every module passed every check when the index was built
	needs := libraryNeedsOf(batch)
	for _, lib := range ms.libs {
		mod, err := ms.library(lib, needs)
		if err != nil {
			return err
		}
		if mod != nil {
			all[lib.name] = mod
			checked = checked && lib.indexed && !hasWith(mod)
		}
	}
	if err := ms.parseBatch(batch); err != nil {
		return err
	}
	for _, m := range batch {
		all[m.name] = m.parsed
		checked = checked && m.indexed && !hasWith(m.parsed)
	}
	compiler := ast.NewCompiler().WithCapabilities(ms.caps).WithDefaultRegoVersion(ast.RegoV1)
	if checked {
		compiler = compiler.WithSkipStages(checkOnlyStages...)
		ms.indexedBatches++
	}
	if compiler.Compile(all); compiler.Failed() {
		return fmt.Errorf("compile policies: %w", compiler.Errors)
	}
	for _, m := range batch {
		q, err := ms.prepareQuery(ctx, compiler, fmt.Sprintf("data.cfnvet.rules[%q].deny", m.pkg))
		if err != nil {
			return fmt.Errorf("%s: prepare policy: %w", m.meta.Source, err)
		}
		m.query, m.compiler, m.compiled = q, compiler, true
		m.reads = m.readTypes(ms.libs)
		// The compiler keeps its own copy; the text and syntax tree of a
		// compiled rule policy are not needed again.
		m.text, m.parsed = nil, nil
		ms.compiled = append(ms.compiled, m.name)
	}
	ms.batches++
	return nil
}

// checkOnlyStages are the compiler stages that only look for mistakes
// (types, conflicts, undefined or void calls, imports, recursion) or
// record what a bundle needs, and change nothing evaluation uses. A module
// its source's index describes passed them when the index was built
// (BuildIndex compiles every module together, with every stage), and its
// digest shows the text is the same, so a batch of only such modules skips
// them: a fifth of compiling every cfnvet policy (57 -> 46 ms). Modules
// without an index, a user's, always get every check, and so does a batch
// with a with modifier (hasWith). The stages that rewrite rules, order
// bodies for safety or build indices always run.
var checkOnlyStages = []ast.StageID{
	ast.StageCheckUnusedImports,
	ast.StageCheckKeywordOverrides,
	ast.StageCheckDuplicateImports,
	ast.StageCheckVoidCalls,
	ast.StageCheckRuleConflicts,
	ast.StageCheckUndefinedFuncs,
	ast.StageCheckRecursion,
	ast.StageCheckTypes,
	ast.StageBuildRequiredCapabilities,
	ast.StageRewriteTestRulesForTracing,
}

// hasWith reports whether an expression of mod has a with modifier. The
// evaluator tells a with that replaces a function from one that replaces
// data by the type checker's environment, which a compilation without
// StageCheckTypes leaves holding the built-in functions only.
func hasWith(mod *ast.Module) bool {
	found := false
	ast.WalkExprs(mod, func(e *ast.Expr) bool {
		found = found || len(e.With) > 0
		return found
	})
	return found
}

// prepareQuery prepares query against a compilation of the set's modules,
// with the sandbox's capabilities and cfnvet's native builtins.
func (ms *modules) prepareQuery(ctx context.Context, compiler *ast.Compiler, query string) (rego.PreparedEvalQuery, error) {
	return rego.New(append(Functions(),
		rego.Compiler(compiler),
		rego.Query(query),
		rego.Capabilities(ms.caps),
		rego.StrictBuiltinErrors(true),
		rego.SetRegoVersion(ast.RegoV1),
	)...).PrepareForEval(ctx)
}

// parallelParseMin is the number of modules to parse from which a batch is
// parsed on every processor: a many-template run's last batch holds most
// policies, and while it compiles the other workers wait for it.
const parallelParseMin = 8

// parseBatch parses the modules of batch that are not parsed yet, on up to
// GOMAXPROCS goroutines when there are parallelParseMin of them, and
// records them in batch order.
func (ms *modules) parseBatch(batch []*module) error {
	var todo []*module
	for _, m := range batch {
		if m.parsed == nil {
			todo = append(todo, m)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(todo)/(parallelParseMin/2))
	if len(todo) < parallelParseMin || workers < 2 {
		for _, m := range todo {
			if err := ms.parseWhole(m); err != nil {
				return err
			}
		}
		return nil
	}
	parsed := make([]*ast.Module, len(todo))
	errs := make([]error, len(todo))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(todo); i = int(next.Add(1)) - 1 {
				parsed[i], errs[i] = parseIndexed(todo[i].name, todo[i].text, ms.caps)
			}
		})
	}
	wg.Wait()
	for i, m := range todo {
		if errs[i] != nil {
			return errs[i]
		}
		m.parsed = parsed[i]
		ms.parsed = append(ms.parsed, m.name)
	}
	return nil
}

// parseWhole parses m if it is not parsed yet.
func (ms *modules) parseWhole(m *module) error {
	if m.parsed != nil {
		return nil
	}
	mod, err := parseIndexed(m.name, m.text, ms.caps)
	if err != nil {
		return err
	}
	m.parsed = mod
	ms.parsed = append(ms.parsed, m.name)
	return nil
}

// library returns what a compilation needing the library rules in needs
// (every one when needs is nil) compiles of lib; nil when it needs none of
// lib's rules.
func (ms *modules) library(lib *module, needs map[string]bool) (*ast.Module, error) {
	if lib.definitions == nil {
		if err := ms.parseWhole(lib); err != nil {
			return nil, err
		}
		if needs == nil {
			return lib.parsed, nil
		}
		return trimLibrary(lib.parsed, needs), nil
	}
	if err := ms.parseDefinitions(lib, needs); err != nil {
		return nil, err
	}
	var rules []*ast.Rule
	for i, d := range lib.definitions {
		if needs == nil || needs[d.Key] {
			rules = append(rules, lib.defined[i])
		}
	}
	if len(rules) == 0 {
		return nil, nil
	}
	mod := *lib.header // a shallow copy, as trimLibrary makes
	mod.Rules = rules
	return &mod, nil
}

// parseDefinitions parses the definitions of lib that needs asks for and
// that are not parsed yet, all in one parse of lib's text with every other
// definition blanked out. Blanking keeps each kept byte where it was, so
// rules parsed this way have the same locations as in a whole parse.
func (ms *modules) parseDefinitions(lib *module, needs map[string]bool) error {
	var missing []int
	for i, d := range lib.definitions {
		if lib.defined[i] == nil && (needs == nil || needs[d.Key]) {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	keep := make([]bool, len(lib.definitions))
	for _, i := range missing {
		keep[i] = true
	}
	mod, err := parseIndexed(lib.name, blankExcept(lib.text, lib.definitions, keep), ms.caps)
	if err != nil {
		return err
	}
	byLine := make(map[int]int, len(missing))
	for _, i := range missing {
		byLine[lib.definitions[i].First] = i
	}
	if len(mod.Rules) != len(missing) {
		return fmt.Errorf("%s: parsed %d rules where the policy index lists %d definitions; run go generate ./policies",
			lib.name, len(mod.Rules), len(missing))
	}
	for _, r := range mod.Rules {
		i, ok := byLine[r.Location.Row]
		if !ok || libraryRuleKey(mod.Package.Path, r) != lib.definitions[i].Key {
			return fmt.Errorf("%s:%d: a rule the policy index does not list there; run go generate ./policies",
				lib.name, r.Location.Row)
		}
		lib.defined[i] = r
	}
	if lib.header == nil {
		header := *mod
		header.Rules, header.Comments, header.Annotations = nil, nil, nil
		for _, a := range mod.Annotations {
			if a.Scope == "package" || a.Scope == "subpackages" {
				header.Annotations = append(header.Annotations, a)
			}
		}
		lib.header = &header
		ms.parsed = append(ms.parsed, lib.name)
	}
	for _, i := range missing {
		if !slices.Contains(ms.libraryRules, lib.definitions[i].Key) {
			ms.libraryRules = append(ms.libraryRules, lib.definitions[i].Key)
		}
	}
	return nil
}

// blankExcept returns text with every line of the definitions keep does not
// mark turned into spaces, so the parser skips them at the cost of reading
// whitespace while every other byte keeps its offset, line and column. The
// lines before the first definition (package, imports) are always kept.
func blankExcept(text []byte, defs []Definition, keep []bool) []byte {
	out := make([]byte, len(text))
	copy(out, text)
	line := 1
	next := 0 // index of the definition holding line
	for i := range out {
		for next < len(defs) && line > defs[next].Last {
			next++
		}
		if next < len(defs) && line >= defs[next].First && !keep[next] && out[i] != '\n' {
			out[i] = ' '
		}
		if text[i] == '\n' {
			line++
		}
	}
	return out
}

// readTypes is what the parsed policy may read of the resources; nil (every
// type) for a policy that may use any library rule.
func (m *module) readTypes(libs []*module) *typeReads {
	if m.needs == nil {
		return nil
	}
	nodes := []any{m.parsed}
	for _, lib := range libs {
		for _, r := range lib.rules() {
			if m.needs[libraryRuleKey(r.Module.Package.Path, r)] {
				nodes = append(nodes, r)
			}
		}
	}
	return readsOf(m.types, nodes...)
}

// rules are the library module's rules parsed so far.
func (m *module) rules() []*ast.Rule {
	if m.definitions == nil {
		if m.parsed == nil {
			return nil
		}
		return m.parsed.Rules
	}
	var out []*ast.Rule
	for _, r := range m.defined {
		if r != nil {
			out = append(out, r)
		}
	}
	return out
}

// libraryNeedsOf is the union of the library rules the batch's policies
// use; nil when one of them may use any.
func libraryNeedsOf(batch []*module) map[string]bool {
	union := map[string]bool{}
	for _, m := range batch {
		if m.needs == nil {
			return nil
		}
		for n := range m.needs {
			union[n] = true
		}
	}
	return union
}

// trimLibrary returns a library module holding only the rules in needs
// (the compiler's work grows with the rules it is given, and most
// policies use a few of the library's); nil when it holds none of them.
func trimLibrary(mod *ast.Module, needs map[string]bool) *ast.Module {
	var rules []*ast.Rule
	for _, r := range mod.Rules {
		if needs[libraryRuleKey(mod.Package.Path, r)] {
			rules = append(rules, r)
		}
	}
	if len(rules) == 0 {
		return nil
	}
	if len(rules) == len(mod.Rules) {
		return mod
	}
	trimmed := *mod // a shallow copy: the compiler copies what it compiles
	trimmed.Rules = rules
	// Annotations of the rules left out would point at nothing.
	trimmed.Annotations = nil
	for _, a := range mod.Annotations {
		if a.Scope == "package" || a.Scope == "subpackages" {
			trimmed.Annotations = append(trimmed.Annotations, a)
		}
	}
	return &trimmed
}

// Only returns the set restricted to the rules enabled maps to true: the
// others are never compiled or evaluated. The result shares compiled
// policies with s.
func (s *Set) Only(enabled map[string]bool) *Set {
	c := *s
	c.enabled = enabled
	if c.enabled == nil {
		c.enabled = map[string]bool{} // no rule selected
	}
	return &c
}

// CompileAll compiles, in one batch, every selected rule policy not
// compiled yet: for callers that want every error, or the whole cost, now.
func (s *Set) CompileAll(ctx context.Context) error {
	ms := s.mods
	ms.mu.Lock()
	defer ms.mu.Unlock()
	var missing []*module
	for _, m := range ms.rules {
		if !m.compiled && (s.enabled == nil || s.enabled[m.meta.ID]) {
			missing = append(missing, m)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return ms.compile(ctx, missing)
}

// exactBatches is the number of compilations that compile exactly what a
// template needs. Every compilation repeats the library's (about a sixth of
// compiling every policy), so a run that keeps meeting new resource types,
// a many-template run, compiles all the remaining selected policies at its
// next one: at most exactBatches+1 compilations, whatever the run.
const exactBatches = 2

// prepare returns the selected policies that apply to the resource types
// present, compiling those that are not compiled yet in one batch.
func (s *Set) prepare(ctx context.Context, present map[string]bool) ([]compiledPolicy, error) {
	ms := s.mods
	ms.mu.Lock()
	defer ms.mu.Unlock()
	var need, missing []*module
	for _, m := range ms.rules {
		if s.enabled != nil && !s.enabled[m.meta.ID] {
			continue
		}
		if !appliesTo(m.types, present) {
			if !m.compiled && ms.batches >= exactBatches {
				missing = append(missing, m)
			}
			continue
		}
		need = append(need, m)
		if !m.compiled {
			missing = append(missing, m)
		}
	}
	if len(missing) > 0 {
		if err := ms.compile(ctx, missing); err != nil {
			return nil, err
		}
	}
	out := make([]compiledPolicy, len(need))
	for i, m := range need {
		out[i] = compiledPolicy{meta: m.meta, pkg: m.pkg, query: m.query, compiler: m.compiler, types: m.types, reads: m.reads,
			evals: &m.evals, builtin: m.builtin}
	}
	return out, nil
}

func appliesTo(types, present map[string]bool) bool {
	for t := range types {
		if present[t] {
			return true
		}
	}
	return false
}

// Stats is the work a set (and the sets derived from it by Only) has done
// so far: counts, not times, so tests can assert on them.
type Stats struct {
	// Parsed lists the modules parsed, in order (a library module the
	// first time any of its definitions is).
	Parsed []string
	// LibraryRules lists the library rules parsed so far, in order, for
	// library modules the index describes definition by definition.
	LibraryRules []string
	// Compiled lists the rule policies compiled, in order; Batches is the
	// number of compilations (each also compiles the library).
	Compiled []string
	Batches  int
	// IndexedBatches counts the compilations of modules the index describes
	// only, which skip the check-only stages (checkOnlyStages).
	IndexedBatches int
	// Evaluations counts, by rule id, the evaluations of each policy
	// evaluated at least once.
	Evaluations map[string]int
	// JointEvaluations counts the queries that evaluated several policies
	// at once and succeeded (joint.go).
	JointEvaluations int
}

// Stats reports the parse, compile and evaluation work done so far.
func (s *Set) Stats() Stats {
	ms := s.mods
	ms.mu.Lock()
	defer ms.mu.Unlock()
	st := Stats{Parsed: append([]string(nil), ms.parsed...), LibraryRules: append([]string(nil), ms.libraryRules...),
		Compiled: append([]string(nil), ms.compiled...),
		Batches:  ms.batches, IndexedBatches: ms.indexedBatches, Evaluations: map[string]int{}, JointEvaluations: int(ms.jointEvals.Load())}
	for _, m := range ms.rules {
		if n := m.evals.Load(); n > 0 {
			st.Evaluations[m.meta.ID] = int(n)
		}
	}
	return st
}
