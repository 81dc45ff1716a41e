package i18n

// Messages of `chorusdesk emulator` (cli/cmd_emulator.go).
func init() {
	Register(EN, map[string]string{
		"emulator.bad_env":    "--env must be sandbox or production, not %q",
		"emulator.bad_fault":  "--fault %q: %s",
		"emulator.bad_flag":   "--%s must not be negative",
		"emulator.listen":     "cannot listen on %s: %s",
		"emulator.unexpected": "unexpected argument %q",
	})
	Register(FR, map[string]string{
		"emulator.bad_env":    "--env doit valoir sandbox ou production, pas %q",
		"emulator.bad_fault":  "--fault %q : %s",
		"emulator.bad_flag":   "--%s ne doit pas être négatif",
		"emulator.listen":     "impossible d'écouter sur %s : %s",
		"emulator.unexpected": "argument inattendu %q",
	})
}
