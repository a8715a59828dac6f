package scan

import "strings"

// nameServerlessFunctions replaces the function names guessed from logical
// ids (the framework's normalisation loses the case of the first letter:
// ImportData and importData both become ImportData…) with the names the
// service declares, known from its serverless-state.json.
func nameServerlessFunctions(res *FileResult, names []string) {
	byPrefix := map[string]string{}
	for _, n := range names {
		byPrefix[serverlessLogicalPrefix(n)] = n
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		best := ""
		for prefix := range byPrefix {
			if strings.HasPrefix(f.Resource, prefix) && len(prefix) > len(best) {
				best = prefix
			}
		}
		if best != "" && f.ServerlessFunction != "" {
			f.ServerlessFunction = byPrefix[best]
		}
	}
}

// serverlessLogicalPrefix is the framework's normalised function name, the
// prefix of the function's logical ids: "-" spelled Dash, "_" Underscore,
// the first letter capitalised.
func serverlessLogicalPrefix(name string) string {
	s := strings.ReplaceAll(strings.ReplaceAll(name, "-", "Dash"), "_", "Underscore")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
