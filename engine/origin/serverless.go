package origin

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// slsProject holds what a Serverless Framework service declares, for the
// templates in its package directory (.serverless, or the --package one).
type slsProject struct {
	// functions are the function keys of serverless.yml with the logical
	// id prefix the framework derives from each, longest prefix first.
	functions []slsFunction
	// keys are positions in the service file: "functions.<key>",
	// "resources.Resources.<id>" and "iam" (the provider's statements).
	keys map[string]Position
}

type slsFunction struct {
	key, prefix string
}

// slsStateFile is what `serverless package` writes beside the templates.
const slsStateFile = "serverless-state.json"

// slsPackageDir reports the package directory a template belongs to: the
// framework's cloudformation-template-*.json beside its state file, or in a
// .serverless directory of a service.
func slsPackageDir(path string) (string, bool) {
	if !strings.HasPrefix(filepath.Base(path), "cloudformation-template-") {
		return "", false
	}
	dir := filepath.Dir(path)
	if isRegular(filepath.Join(dir, slsStateFile)) {
		return dir, true
	}
	if filepath.Base(dir) == ".serverless" && serviceFile(filepath.Dir(dir), "") != "" {
		return dir, true
	}
	// Templates copied next to their serverless.yml (as in examples).
	if serviceFile(dir, "") != "" {
		return dir, true
	}
	return "", false
}

// loadServerlessProject reads the state file (exact function keys) and the
// service file (their lines). The service is the package directory's
// parent, where `serverless package` ran.
func loadServerlessProject(dir string) *slsProject {
	p := &slsProject{keys: map[string]Position{}}
	var state struct {
		Service struct {
			ServiceFilename string `json:"serviceFilename"`
			Functions       map[string]struct {
				VersionLogicalID string `json:"versionLogicalId"`
			} `json:"functions"`
		} `json:"service"`
	}
	hasState := readJSON(filepath.Join(dir, slsStateFile), &state)
	// The service is where `serverless package` ran: the package
	// directory's parent, or the directory itself for copied templates.
	file := serviceFile(filepath.Dir(dir), state.Service.ServiceFilename)
	if file == "" {
		file = serviceFile(dir, state.Service.ServiceFilename)
	}
	var doc *yaml.Node
	if file != "" {
		doc = p.readServiceFile(file)
	}
	if hasState {
		for key, fn := range state.Service.Functions {
			// The state records the id the framework really used; derive it
			// only when the function is not versioned.
			prefix := NormalizeServerlessName(key)
			if i := strings.LastIndex(fn.VersionLogicalID, "LambdaVersion"); i > 0 {
				prefix = fn.VersionLogicalID[:i]
			}
			p.functions = append(p.functions, slsFunction{key: key, prefix: prefix})
		}
	} else if fns := mappingValue(doc, "functions"); fns != nil {
		for i := 0; i+1 < len(fns.Content); i += 2 {
			key := fns.Content[i].Value
			p.functions = append(p.functions, slsFunction{key: key, prefix: NormalizeServerlessName(key)})
		}
	}
	sort.Slice(p.functions, func(i, j int) bool {
		if len(p.functions[i].prefix) != len(p.functions[j].prefix) {
			return len(p.functions[i].prefix) > len(p.functions[j].prefix)
		}
		return p.functions[i].key < p.functions[j].key
	})
	return p
}

// readServiceFile records the positions of the keys findings lead back to.
func (p *slsProject) readServiceFile(file string) *yaml.Node {
	data, err := os.ReadFile(file)
	if err != nil || len(data) > maxMetadataFile {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	top := doc.Content[0]
	at := func(k *yaml.Node) Position {
		return Position{File: filepath.ToSlash(file), Line: k.Line, Column: k.Column}
	}
	for _, section := range []struct{ name, prefix string }{{"functions", "functions."}} {
		if m := mappingValue(top, section.name); m != nil {
			for i := 0; i+1 < len(m.Content); i += 2 {
				p.keys[section.prefix+m.Content[i].Value] = at(m.Content[i])
			}
		}
	}
	if m := mappingValue(mappingValue(top, "resources"), "Resources"); m != nil {
		for i := 0; i+1 < len(m.Content); i += 2 {
			p.keys["resources.Resources."+m.Content[i].Value] = at(m.Content[i])
		}
	}
	provider := mappingValue(top, "provider")
	// v3 writes provider.iam.role.statements; v1/v2 provider.iamRoleStatements.
	if k := mappingKey(mappingValue(mappingValue(provider, "iam"), "role"), "statements"); k != nil {
		p.keys["iam"] = at(k)
	} else if k := mappingKey(provider, "iamRoleStatements"); k != nil {
		p.keys["iam"] = at(k)
	} else if k := mappingKey(provider, "iam"); k != nil {
		p.keys["iam"] = at(k)
	}
	return top
}

// functionResourceKinds are the logical-id parts the framework appends to a
// function's normalised name for the resources it generates for it
// (<Name>LambdaFunction, <Name>LogGroup, <Name>LambdaPermission…, …).
// Matching whole parts, not any prefix, keeps OrdersTable from being given
// to a function named orders.
var functionResourceKinds = []string{
	"LambdaFunction", "LambdaFunctionUrl", "LogGroup", "LambdaVersion", "LambdaPermission",
	"EventSourceMapping", "LambdaEvConf", "ProvConcLambdaAlias", "IamRoleLambdaExecution",
	"SnsSubscription", "SQSQueuePolicy", "AlbTargetGroup", "AlbListenerRule", "CustomResource",
}

func (p *slsProject) lookup(logicalID, _ string) Source {
	var s Source
	if pos, ok := p.keys["resources.Resources."+logicalID]; ok {
		s.Origin = &pos
	}
	for _, fn := range p.functions {
		rest, ok := strings.CutPrefix(logicalID, fn.prefix)
		if !ok {
			continue
		}
		for _, kind := range functionResourceKinds {
			if strings.HasPrefix(rest, kind) {
				s.ServerlessFunction = fn.key
				if pos, ok := p.keys["functions."+fn.key]; ok && s.Origin == nil {
					s.Origin = &pos
				}
				return s
			}
		}
	}
	if logicalID == "IamRoleLambdaExecution" && s.Origin == nil {
		if pos, ok := p.keys["iam"]; ok {
			s.Origin = &pos
		}
	}
	return s
}

// NormalizeServerlessName is the framework's logical-id form of a function
// key: "-" spelled Dash, "_" spelled Underscore, first letter capitalised
// (create-invoice → CreateDashinvoice, dash_board → DashUnderscoreboard,
// CreateInvoice → CreateInvoice).
func NormalizeServerlessName(key string) string {
	s := strings.ReplaceAll(key, "-", "Dash")
	s = strings.ReplaceAll(s, "_", "Underscore")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// serviceFile returns the service file of the service at root: the state
// file's name when given, else serverless.yml or serverless.yaml.
func serviceFile(root, named string) string {
	candidates := []string{"serverless.yml", "serverless.yaml"}
	if named != "" {
		candidates = []string{named}
	}
	for _, c := range candidates {
		if ext := filepath.Ext(c); ext != ".yml" && ext != ".yaml" && ext != ".json" {
			continue // serverless.ts / .js: code, not a document to read
		}
		if p := filepath.Join(root, c); isRegular(p) {
			return p
		}
	}
	return ""
}

func isRegular(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

func mappingKey(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

func mappingValue(m *yaml.Node, key string) *yaml.Node {
	if m != nil && m.Kind == yaml.DocumentNode && len(m.Content) > 0 {
		m = m.Content[0]
	}
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
