package core

import (
	"os"
	"path/filepath"

	"chorusdesk/i18n"
)

// DataDirEnv names the environment variable that chooses the data directory.
const DataDirEnv = "CHORUSDESK_DATA"

// DataDir is the one rule for where the data lives, for both faces: the --data value when
// given, else CHORUSDESK_DATA, else the user's configuration directory + "ChorusDesk". The
// result is absolute.
func DataDir(flagValue string, getenv func(string) string) (string, error) {
	if flagValue != "" {
		return filepath.Abs(flagValue)
	}
	if getenv != nil {
		if v := getenv(DataDirEnv); v != "" {
			return filepath.Abs(v)
		}
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", i18n.Errorf("store.datadir.no_config_dir", DataDirEnv)
	}
	return filepath.Join(base, "ChorusDesk"), nil
}
