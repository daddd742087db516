package iam_test

import (
	"errors"
	"testing"

	"github.com/ecslint/ecslint/iam"
	"github.com/ecslint/ecslint/parser"
)

// FuzzParse: Parse and Sniff never panic, and every failure is positioned.
func FuzzParse(f *testing.F) {
	f.Add([]byte(authDetails))
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotAction":"*","NotResource":["a"]}}`))
	f.Add([]byte(`{"SecretList":[{"ARN":"arn:aws:secretsmanager:us-east-1:1:secret:a","Name":"a","KmsKeyId":"k"}]}`))
	f.Add([]byte(`{"Parameters":[{"Name":"/a","Type":"SecureString","KeyId":"k"}]}`))
	f.Add([]byte(`{"RoleDetailList":[{"Arn":"arn:aws:iam::1:role/r","RolePolicyList":[{"PolicyDocument":"%7B%22Statement%22%3A%5B%5D%7D"}]}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		_ = iam.Sniff(src)
		s, err := iam.Parse("f.json", src)
		if err != nil {
			var pe *parser.Error
			if !errors.As(err, &pe) || !pe.Pos.IsValid() {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		ix := iam.NewIndex()
		ix.Add(s)
		for _, r := range s.Roles {
			ix.Resolve(r.ARN)
			ix.Resolve(r.Name)
		}
	})
}
