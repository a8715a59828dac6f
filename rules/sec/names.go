package sec

import (
	"sort"
	"strings"

	"github.com/cfnvet/cfnvet/internal/lazyregexp"
)

var (
	// secretWords make a name secret-looking, in any case (SEC003).
	secretWords = []string{"password", "passwd", "secret", "token", "apikey", "api_key", "privatekey",
		"private_key", "credential", "authtoken", "auth_token"}
	// secretName is secretWords as a pattern, for names that are not ASCII.
	secretName = lazyregexp.New(`(?i)` + strings.Join(secretWords, "|"))
	// describingEndings are name endings that describe a secret rather
	// than hold one: DBSecretArn, PasswordLength, TokenTTL,
	// SecretParameterName, ParentSecretStack, MaxCredentialUsageAge,
	// SecretRotationSchedule.
	describingEndings = []string{"arn", "arns", "name", "names", "id", "ids", "identifier", "kmskey", "keyid",
		"length", "len", "ttl", "expiry", "expiration", "validity", "seconds", "minutes", "hours", "days",
		"usageage", "maxage", "passwordage", "credentialage", "keyage", "tokenage", "secretage",
		"duration", "interval", "period", "timeout", "retention", "schedule", "type", "path", "prefix",
		"suffix", "version", "rotation", "policy", "enabled", "enable", "count", "uri", "url", "endpoint",
		"region", "bucket", "table", "param", "parameter", "header", "field", "location", "file",
		"manager", "stack", "stackname", "config", "configuration", "settings", "options", "template",
		"format", "pattern", "role", "mode", "user", "username", "login", "email"}
	// notASecret is describingEndings as a pattern, for names that are
	// not ASCII.
	notASecret = lazyregexp.New(`(?i)(` + strings.Join(describingEndings, "|") + `)$`)
	separators = strings.NewReplacer("_", "", "-", "", ".", "", "/", "")
)

// The patterns are matched by hand for ASCII names, which is nearly every
// name and several times faster than the case-insensitive expressions;
// they agree (TestNamePatternsAgree). Unicode case folding ("ſ" is an
// "s", "K" a "k") keeps the expressions for the other names.

// looksSecret reports whether name contains a secret word.
func looksSecret(name string) bool {
	return matchesAnyFolded(name, secretWords, strings.Contains, secretName)
}

// describesSecret reports whether name ends like a name that describes a
// secret (name is already without separators).
func describesSecret(name string) bool {
	return matchesAnyFolded(name, describingEndings, strings.HasSuffix, notASecret)
}

// matchesAnyFolded reports whether match(lowercased name, part) holds for
// one of parts, or for a name that is not ASCII whether rx matches it.
func matchesAnyFolded(name string, parts []string, match func(s, part string) bool, rx *lazyregexp.Regexp) bool {
	if !isASCII(name) {
		return rx.MatchString(name)
	}
	lower := strings.ToLower(name)
	for _, p := range parts {
		if match(lower, p) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// SecretLooking reports whether a parameter, variable, JSON key or SSM
// parameter name looks like it holds a secret. A name is only a guess: the
// rules also require a value that could be a credential (ClassifyValue).
func SecretLooking(name string) bool {
	if i := strings.LastIndex(name, "/"); i >= 0 && i < len(name)-1 {
		name = name[i+1:] // an SSM path: judge its last segment
	}
	return looksSecret(name) && !describesSecret(separators.Replace(name))
}

func sortStrings(s []string) { sort.Strings(s) }
