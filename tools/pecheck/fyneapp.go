package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// appVersion reads Version and Build from the [Details] table of FyneApp.toml and returns the
// four numbers `fyne package` writes into the Windows version resource: the version padded to
// three parts, then the build ("0.1" build 3 → 0.1.0.3). Only the two keys are read, so a plain
// line reader is enough and the checker needs no TOML module.
func appVersion(r io.Reader) ([4]uint16, error) {
	var out [4]uint16
	var version string
	build := -1
	section := ""
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			section = strings.Trim(line, "[] \t")
			continue
		}
		if section != "Details" {
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		key, val = strings.TrimSpace(key), stripComment(strings.TrimSpace(val))
		switch key {
		case "Version":
			s, err := strconv.Unquote(val)
			if err != nil {
				return out, fmt.Errorf("FyneApp.toml: Version %s is not a quoted string", val)
			}
			version = s
		case "Build":
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 || n > 0xffff {
				return out, fmt.Errorf("FyneApp.toml: Build %s is not a number from 0 to 65535", val)
			}
			build = n
		}
	}
	if err := sc.Err(); err != nil {
		return out, err
	}
	if version == "" {
		return out, fmt.Errorf("FyneApp.toml: no Version in [Details]")
	}
	if build < 0 {
		build = 1 // fyne package's default
	}
	parts := strings.Split(version, ".")
	if len(parts) > 3 {
		return out, fmt.Errorf("FyneApp.toml: Version %q has more than three parts", version)
	}
	for i, p := range parts {
		// Pre-release or build suffixes ("1.2.3-rc1") do not go into the binary numbers.
		p, _, _ = strings.Cut(p, "-")
		p, _, _ = strings.Cut(p, "+")
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 0xffff {
			return out, fmt.Errorf("FyneApp.toml: Version %q is not numbers separated by dots", version)
		}
		out[i] = uint16(n)
	}
	out[3] = uint16(build)
	return out, nil
}

// stripComment drops a trailing "# ..." that is not inside a quoted string.
func stripComment(v string) string {
	inQuote := false
	for i, c := range v {
		switch {
		case c == '"' && (i == 0 || v[i-1] != '\\'):
			inQuote = !inQuote
		case c == '#' && !inQuote:
			return strings.TrimSpace(v[:i])
		}
	}
	return v
}
