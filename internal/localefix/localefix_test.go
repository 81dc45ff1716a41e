package localefix

import "testing"

func TestApply(t *testing.T) {
	for _, c := range []struct {
		name string
		in   map[string]string
		want map[string]string
	}{
		{"nothing set", map[string]string{}, map[string]string{"LANG": "en_US.UTF-8"}},
		{"LANG=C", map[string]string{"LANG": "C"}, map[string]string{"LANG": "en_US.UTF-8"}},
		{"C.UTF-8", map[string]string{"LANG": "C.UTF-8"}, map[string]string{"LANG": "en_US.UTF-8"}},
		{"LC_ALL=POSIX", map[string]string{"LC_ALL": "POSIX", "LANG": "fr_FR.UTF-8"},
			map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}},
		{"French kept", map[string]string{"LANG": "fr_FR.UTF-8"}, map[string]string{"LANG": "fr_FR.UTF-8"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range c.in {
				env[k] = v
			}
			Apply(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			for k, v := range c.want {
				if env[k] != v {
					t.Errorf("%s = %q, want %q", k, env[k], v)
				}
			}
		})
	}
}
