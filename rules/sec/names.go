package sec

import (
	"regexp"
	"sort"
	"strings"
)

var (
	// secretName is the catalogue's secret-looking name pattern (SEC003).
	secretName = regexp.MustCompile(`(?i)password|passwd|secret|token|apikey|api_key|privatekey|private_key|credential|authtoken|auth_token`)
	// notASecret are name endings that describe a secret rather than hold
	// one: DBSecretArn, PasswordLength, TokenTTL, SecretParameterName.
	notASecret = regexp.MustCompile(`(?i)(arn|name|id|ids|kmskey|keyid|length|len|ttl|expiry|expiration|validity|seconds|minutes|days|type|path|prefix|suffix|version|rotation|policy|enabled|enable|count|uri|url|region|bucket|table|param|parameter|header|field|location|file|manager)$`)
	separators = strings.NewReplacer("_", "", "-", "", ".", "", "/", "")
)

// SecretLooking reports whether a parameter, variable or SSM parameter name
// looks like it holds a secret.
func SecretLooking(name string) bool {
	if i := strings.LastIndex(name, "/"); i >= 0 && i < len(name)-1 {
		name = name[i+1:] // an SSM path: judge its last segment
	}
	return secretName.MatchString(name) && !notASecret.MatchString(separators.Replace(name))
}

var placeholders = regexp.MustCompile(`(?i)^(changeme|change_me|change-me|replaceme|replace_me|todo|tbd|none|null|nil|dummy|example|sample|placeholder|password|secret|token|test|xx+|\*+|<.*>|\[.*\]|\$\{.*\}|\{\{.*\}\})$`)

// Trivial reports literal values that cannot be a real secret: empty,
// placeholders, booleans and numbers, paths, ARNs and URLs (these name
// where a secret lives), shell variables.
func Trivial(s string) bool {
	s = strings.TrimSpace(s)
	switch {
	case s == "", placeholders.MatchString(s), strings.HasPrefix(s, "$"), strings.HasPrefix(s, "/"),
		strings.HasPrefix(s, "arn:"), strings.Contains(s, "://"), strings.HasPrefix(s, "{{resolve:"):
		return true
	}
	lower := strings.ToLower(s)
	if lower == "true" || lower == "false" || lower == "yes" || lower == "no" {
		return true
	}
	return strings.Trim(s, "0123456789.") == ""
}

func sortStrings(s []string) { sort.Strings(s) }
