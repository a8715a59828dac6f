package sec

import (
	"encoding/json"
	"strings"

	"github.com/cfnvet/cfnvet/internal/lazyregexp"
)

// ValueClass is what a literal value is, judged by its text alone. Every SEC
// rule asks this before calling a value a secret: a name only says where a
// secret might be, the value says whether one is there.
type ValueClass int

// Value classes. ClassCredential is the only one that can be a secret in a
// place chosen by name (a parameter, variable or JSON key that looks like a
// secret); at a property that is a secret whatever it holds (a password
// property), only ClassEmpty, ClassPlaceholder and ClassDynamicReference are
// harmless, see HarmlessAtSecretProperty.
const (
	ClassEmpty            ValueClass = iota // "", whitespace, {}, [], null
	ClassPlaceholder                        // CHANGE_ME, <your-token>, xxxx, REPLACE-WITH-…, KEYEXAMPLE1234
	ClassDynamicReference                   // {{resolve:…}}: the secret stays in its store
	ClassLocator                            // an ARN, an SSM or secret path, a file name: where a secret is, not the secret
	ClassNumber                             // 90, 3600, 1.5, 30d: a count, size or duration
	ClassBoolean                            // true, false, yes, no
	ClassConfigJSON                         // JSON without a credential under a secret-looking key
	ClassURL                                // a URL without a password in it
	ClassEmail                              // an e-mail address
	ClassShellExpansion                     // $VAR, ${VAR}, $(command), %VAR%: filled in at run time
	ClassCredential                         // anything else: could be a password, token or key
)

var classNames = [...]string{
	ClassEmpty:            "empty",
	ClassPlaceholder:      "a placeholder",
	ClassDynamicReference: "a dynamic reference",
	ClassLocator:          "the name, path or ARN of a secret",
	ClassNumber:           "a number",
	ClassBoolean:          "a boolean",
	ClassConfigJSON:       "configuration JSON",
	ClassURL:              "a URL without credentials",
	ClassEmail:            "an e-mail address",
	ClassShellExpansion:   "a shell expansion",
	ClassCredential:       "a possible credential",
}

func (c ValueClass) String() string {
	if c < 0 || int(c) >= len(classNames) {
		return "unknown"
	}
	return classNames[c]
}

// HarmlessAtSecretProperty reports whether a literal of this class is not a
// secret even at a property that holds one (MasterUserPassword: whatever is
// written there is the password, so a number or a path is a weak password,
// not a locator). Configuration JSON has been judged member by member.
func (c ValueClass) HarmlessAtSecretProperty() bool {
	switch c {
	case ClassEmpty, ClassPlaceholder, ClassDynamicReference, ClassConfigJSON:
		return true
	}
	return false
}

var (
	// placeholderWhole are values that stand for a secret still to be
	// supplied. Bare words such as "password" are not here: deployed as a
	// password they are a real, weak one.
	placeholderWhole = lazyregexp.New(`(?i)^(change[ _.-]?me|replace[ _.-]?me|update[ _.-]?me|set[ _.-]?me|fill[ _.-]?me|todo|tbd|fixme|none|null|nil|n/?a|undefined|unset|not[ _-]?set|empty|dummy|placeholder|sample|example|fake|foo|bar|foobar|x+|\*+|\.{3,}|-+|_+|\?+|<[^<>]*>|\[[^\[\]]*\]|\{\{[^{}]*\}\}|__[A-Za-z0-9_]+__|@[A-Za-z0-9_]+@)$`)
	// placeholderMarker are words inside a value that say it is to be
	// replaced (REPLACE-WITH-YOUR-SECRET-HERE, your-api-key-here, AKIA…EXAMPLE).
	placeholderMarker = lazyregexp.New(`(?i)change[ _.-]?me|replace[ _.-]?(me|with|this)|your[ _.-]?(own[ _.-]?)?(password|passwd|secret|token|key|api|access|client|oauth|auth|github|slack|stripe|webhook|value|pass)|<your|enter[ _.-]?(your|a|the)[ _.-]|insert[ _.-]?(your|here|the)|goes[ _.-]?here|[_-]here$|example|placeholder|dummy|x{5,}|\*{4,}|redacted|to[ _.-]?be[ _.-]?(replaced|changed|set|updated)`)

	numberValue  = lazyregexp.New(`(?i)^[+-]?[0-9]+(\.[0-9]+)?\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?|mo|months?|y|years?|%|k|kb|mb|gb)?$`)
	booleanValue = lazyregexp.New(`(?i)^(true|false|yes|no|on|off|enabled?|disabled?)$`)
	// secretPath is a Secrets Manager name or parameter path such as
	// prod/app/db: segments of letters, digits and ._@- starting with a
	// letter. Base64 keys share the alphabet; randomSegment tells them apart.
	secretPath = lazyregexp.New(`^[A-Za-z][A-Za-z0-9_.-]*(/[A-Za-z0-9_.@-]+)+/?$`)
	fileName   = lazyregexp.New(`(?i)^[A-Za-z0-9_.-]+\.(pem|key|crt|cer|der|p12|pfx|jks|json|ya?ml|txt|conf|cfg|ini|env|properties)$`)
	emailValue = lazyregexp.New(`^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$`)
	urlScheme  = lazyregexp.New(`^[A-Za-z][A-Za-z0-9+.-]*://`)
	// shellValue is a whole value expanded at run time: $VAR, ${VAR},
	// $(command), $env:VAR, %VAR%, `command`.
	shellValue = lazyregexp.New("^(\\$[A-Za-z_][A-Za-z0-9_]*|\\$\\{[^}]*\\}|\\$\\(.*\\)|\\$env:[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|`.*`)$")
	// awsSecretKey is the shape of an AWS secret access key, which would
	// otherwise pass for a path.
	awsSecretKey = lazyregexp.New(`^[A-Za-z0-9/+]{40}$`)
)

// ClassifyValue says what a literal value is.
func ClassifyValue(s string) ValueClass {
	s = strings.TrimSpace(s)
	switch {
	case s == "" || s == "{}" || s == "[]" || s == `""` || s == "''" || strings.EqualFold(s, "null"):
		return ClassEmpty
	case strings.Contains(s, "{{resolve:"):
		return ClassDynamicReference
	case placeholderWhole.MatchString(s):
		return ClassPlaceholder
	case numberValue.MatchString(s):
		return ClassNumber
	case booleanValue.MatchString(s):
		return ClassBoolean
	case shellValue.MatchString(s):
		return ClassShellExpansion
	case awsSecretKey.MatchString(s):
		if placeholderMarker.MatchString(s) {
			return ClassPlaceholder // the documentation's wJalrXUtnFEMI/…EXAMPLEKEY
		}
		return ClassCredential
	case strings.HasPrefix(s, "arn:") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "alias/") ||
		(secretPath.MatchString(s) && !randomSegment(s)) || fileName.MatchString(s):
		return ClassLocator
	case urlScheme.MatchString(s):
		if urlPassword(s) {
			return ClassCredential
		}
		return ClassURL
	case emailValue.MatchString(s):
		return ClassEmail
	case s[0] == '{' || s[0] == '[':
		var doc any
		if json.Unmarshal([]byte(s), &doc) == nil {
			if hasCredentialMember(doc, 0) {
				return ClassCredential
			}
			return ClassConfigJSON
		}
	}
	// Checked after the shapes above: "example" in a host name or an ARN
	// does not make the value a placeholder.
	if placeholderMarker.MatchString(s) {
		return ClassPlaceholder
	}
	return ClassCredential
}

// randomSegment reports a path segment that looks generated rather than
// named: 16 characters or more mixing upper case, lower case and digits,
// as every segment of a base64 key of that length almost surely does.
func randomSegment(s string) bool {
	for _, seg := range strings.Split(s, "/") {
		if len(seg) < 16 {
			continue
		}
		upper := strings.IndexFunc(seg, func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0
		lower := strings.IndexFunc(seg, func(r rune) bool { return r >= 'a' && r <= 'z' }) >= 0
		digit := strings.IndexFunc(seg, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0
		if upper && lower && digit {
			return true
		}
	}
	return false
}

// urlPassword reports a URL whose user information carries a password
// (postgres://app:hunter2@db/app) that is itself a possible credential.
func urlPassword(s string) bool {
	rest := s[strings.Index(s, "://")+3:]
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return false
	}
	_, pass, ok := strings.Cut(rest[:at], ":")
	return ok && ClassifyValue(pass) == ClassCredential
}

// hasCredentialMember reports whether a decoded JSON document holds a
// credential: a member with a secret-looking key whose value is not harmless
// at a secret property, or a URL with a password in it. Other members
// (username, host, dbname, engine, port) do not count.
func hasCredentialMember(doc any, depth int) bool {
	obj, ok := doc.(map[string]any)
	if !ok || depth > 16 {
		return false
	}
	for k, v := range obj {
		switch v := v.(type) {
		case map[string]any:
			if hasCredentialMember(v, depth+1) {
				return true
			}
		case string:
			if SecretLooking(k) && !ClassifyValue(v).HarmlessAtSecretProperty() {
				return true
			}
			if urlScheme.MatchString(v) && urlPassword(v) {
				return true // a URL carries its own password whatever its key
			}
		}
	}
	return false
}
