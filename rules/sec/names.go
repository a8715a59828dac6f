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
	// one: DBSecretArn, PasswordLength, TokenTTL, SecretParameterName,
	// ParentSecretStack, MaxCredentialUsageAge, SecretRotationSchedule.
	notASecret = regexp.MustCompile(`(?i)(arn|arns|name|names|id|ids|identifier|kmskey|keyid|length|len|ttl|expiry|expiration|validity|seconds|minutes|hours|days|(usage|max|password|credential|key|token|secret)age|duration|interval|period|timeout|retention|schedule|type|path|prefix|suffix|version|rotation|policy|enabled|enable|count|uri|url|endpoint|region|bucket|table|param|parameter|header|field|location|file|manager|stack|stackname|config|configuration|settings|options|template|format|pattern|role|mode)$`)
	separators = strings.NewReplacer("_", "", "-", "", ".", "", "/", "")
)

// SecretLooking reports whether a parameter, variable, JSON key or SSM
// parameter name looks like it holds a secret. A name is only a guess: the
// rules also require a value that could be a credential (ClassifyValue).
func SecretLooking(name string) bool {
	if i := strings.LastIndex(name, "/"); i >= 0 && i < len(name)-1 {
		name = name[i+1:] // an SSM path: judge its last segment
	}
	return secretName.MatchString(name) && !notASecret.MatchString(separators.Replace(name))
}

func sortStrings(s []string) { sort.Strings(s) }
