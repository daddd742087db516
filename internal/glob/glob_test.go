package glob

import "testing"

func TestMatch(t *testing.T) {
	for _, tt := range []struct {
		p, s string
		want bool
	}{
		{"", "", true},
		{"", "a", false},
		{"*", "", true},
		{"*", "anything", true},
		{"*", "*x", true}, // a * in the text is a character like another
		{"a*", "a*b", true},
		{"?", "é", true},
		{"?", "", false},
		{"nginx:*", "nginx:1.27", true},
		{"nginx:*", "docker.io/library/nginx:1.27", false},
		{"*/nginx:1.?7", "docker.io/library/nginx:1.27", true},
		{"a*b*c", "aXbYbZc", true},
		{"a*b*c", "aXbYbZ", false},
		{"secretsmanager:Get*", "secretsmanager:GetSecretValue", true},
		{"Secretsmanager:*", "secretsmanager:GetSecretValue", false},
		{"**a", "xa", true},
	} {
		if got := MatchString(tt.p, tt.s); got != tt.want {
			t.Errorf("MatchString(%q, %q) = %v, want %v", tt.p, tt.s, got, tt.want)
		}
	}
}
