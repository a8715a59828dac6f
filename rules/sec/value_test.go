package sec

import "testing"

func TestClassifyValue(t *testing.T) {
	tests := []struct {
		value string
		want  ValueClass
	}{
		{"", ClassEmpty},
		{"  ", ClassEmpty},
		{"{}", ClassEmpty},
		{"[]", ClassEmpty},
		{"null", ClassEmpty},

		{"CHANGE_ME", ClassPlaceholder},
		{"changeme", ClassPlaceholder},
		{"<your-gitHub-oauth-token>", ClassPlaceholder},
		{"REPLACE-WITH-YOUR-SECRET-HERE", ClassPlaceholder},
		{"KEYEXAMPLE1234", ClassPlaceholder},
		{"AKIAIOSFODNN7EXAMPLE", ClassPlaceholder},
		{"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ClassPlaceholder},
		{"xxxxxxxx", ClassPlaceholder},
		{"********", ClassPlaceholder},
		{"none", ClassPlaceholder},
		{"{{password}}", ClassPlaceholder},

		{"{{resolve:secretsmanager:prod/db:SecretString:password}}", ClassDynamicReference},
		{"{{resolve:ssm:/app/token}}", ClassDynamicReference},

		{"arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf", ClassLocator},
		{"/prod/app/api-token", ClassLocator},
		{"prod/app/db", ClassLocator},
		{"alias/app", ClassLocator},
		{"server.key", ClassLocator},

		{"90", ClassNumber},
		{"3600", ClassNumber},
		{"30d", ClassNumber},
		{"true", ClassBoolean},
		{"No", ClassBoolean},

		{`{"username": "admin", "dbname": "app", "port": 5432}`, ClassConfigJSON},
		{`{"rotationDays": 30, "excludeCharacters": "/@"}`, ClassConfigJSON},
		{`{"username": "admin", "password": "CHANGE_ME"}`, ClassConfigJSON},

		{"https://auth.example.net/oauth2", ClassURL},
		{"postgres://app:${DB_PASSWORD}@db:5432/app", ClassURL},
		{"ops@example.com", ClassEmail},

		{"$DB_PASSWORD", ClassShellExpansion},
		{"${DB_PASSWORD}", ClassShellExpansion},
		{"$(aws secretsmanager get-secret-value --secret-id db)", ClassShellExpansion},
		{"%DB_PASSWORD%", ClassShellExpansion},

		{"hunter2xyz", ClassCredential},
		{"Tr0ub4dor&3", ClassCredential},
		{"password", ClassCredential}, // deployed as a password it is a real, weak one
		{"$uperS3cret!", ClassCredential},
		{"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzKEY", ClassCredential},
		{"AKIAZ3MSJV4WWAB7QP2L", ClassCredential},
		{`{"username": "admin", "password": "Tr0ub4dor-and-3"}`, ClassCredential},
		{`{"db": {"api_key": "q8Jd2-LmZx7-Vt41w"}}`, ClassCredential},
		{"postgres://app:hunter2xyz@db:5432/app", ClassCredential},
	}
	for _, tt := range tests {
		if got := ClassifyValue(tt.value); got != tt.want {
			t.Errorf("ClassifyValue(%q) = %v, want %v", tt.value, got, tt.want)
		}
	}
}

func TestHarmlessAtSecretProperty(t *testing.T) {
	harmless := map[ValueClass]bool{ClassEmpty: true, ClassPlaceholder: true, ClassDynamicReference: true, ClassConfigJSON: true}
	for c := ClassEmpty; c <= ClassCredential; c++ {
		if got := c.HarmlessAtSecretProperty(); got != harmless[c] {
			t.Errorf("%v.HarmlessAtSecretProperty() = %v, want %v", c, got, harmless[c])
		}
	}
}

func TestSecretLooking(t *testing.T) {
	tests := map[string]bool{
		"DbPassword":            true,
		"GITHUB_WEBHOOK_SECRET": true,
		"ApiKey":                true,
		"SECRET_KEY_BASE":       true,
		"/prod/app/api-token":   true,
		"ParentSecretStack":     false,
		"MaxCredentialUsageAge": false,
		"DBSecretArn":           false,
		"SECRET_ID":             false,
		"PasswordLength":        false,
		"SecretRotationDays":    false,
		"TokenTTL":              false,
		"SecretsConfig":         false,
		"Username":              false,
	}
	for name, want := range tests {
		if got := SecretLooking(name); got != want {
			t.Errorf("SecretLooking(%q) = %v, want %v", name, got, want)
		}
	}
}
