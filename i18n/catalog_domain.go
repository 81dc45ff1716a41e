package i18n

import "strings"

// Messages of package domain (spec §2). The per-slot, per-field and per-environment keys are
// generated from label tables so that every sentence names its field and environment in the
// user's language (Args are language-neutral, so labels cannot be passed as arguments).

type domainLang struct {
	lang       Lang
	envWord    map[string]string // "sandbox" → word used inside a sentence
	fieldLabel map[string]string // "client_id" → label inside a sentence
	slotLabel  func(d domainLang, env, field string) string
	slotRules  map[string]string // rule → template with {1} slot label; %d limit
	envRule    string            // {1} slot label, {2} other env word, {3} field label; %s company code
	sharedLog  string            // {1} env word; %s company codes
	resolve    map[string]string // rule → template with {1} env word; %s company code
	urlLabel   map[string]string
	urlRules   map[string]string // rule → template with {1} URL label
	fixed      map[string]string
}

var domainFields = []string{"client_id", "client_secret", "login", "password"}
var domainEnvs = []string{"sandbox", "production"}

func otherEnv(e string) string {
	if e == "sandbox" {
		return "production"
	}
	return "sandbox"
}

func (d domainLang) messages() map[string]string {
	m := map[string]string{}
	for k, v := range d.fixed {
		m[k] = v
	}
	for _, e := range domainEnvs {
		for _, f := range domainFields {
			label := d.slotLabel(d, e, f)
			for rule, tmpl := range d.slotRules {
				m["domain.slot."+e+"."+f+"."+rule] = sprintf(tmpl, label)
			}
		}
		for _, f := range []string{"client_id", "client_secret"} {
			m["domain.envrule."+e+"."+f] = sprintf(d.envRule, d.slotLabel(d, e, f), d.envWord[otherEnv(e)], d.fieldLabel[f])
		}
		m["domain.shared_login."+e] = sprintf(d.sharedLog, d.envWord[e])
		for rule, tmpl := range d.resolve {
			m["domain.resolve."+rule+"."+e] = sprintf(tmpl, d.envWord[e])
		}
	}
	for w, label := range d.urlLabel {
		for rule, tmpl := range d.urlRules {
			m["domain.endpoints."+w+"."+rule] = sprintf(tmpl, label)
		}
	}
	return m
}

// sprintf fills the {1}, {2}, … label placeholders; the fmt verbs are left for Args.
func sprintf(tmpl string, labels ...string) string {
	out := tmpl
	for i, l := range labels {
		out = strings.ReplaceAll(out, "{"+string(rune('1'+i))+"}", l)
	}
	return out
}

func init() {
	for _, d := range []domainLang{domainEN, domainFR} {
		Register(d.lang, d.messages())
	}
}

var domainEN = domainLang{
	lang:    EN,
	envWord: map[string]string{"sandbox": "sandbox", "production": "production"},
	fieldLabel: map[string]string{"client_id": "PISTE client ID", "client_secret": "PISTE secret",
		"login": "Chorus login", "password": "Chorus password"},
	slotLabel: func(d domainLang, env, field string) string {
		env = strings.ToUpper(env[:1]) + env[1:]
		return env + " " + d.fieldLabel[field]
	},
	slotRules: map[string]string{
		"trimmed":  "{1}: leading or trailing spaces were removed",
		"missing":  "{1} is missing: an environment is either empty or has all four fields",
		"too_long": "{1} is too long (at most %d characters)",
		"space":    "{1} must not contain spaces",
		"chars":    "{1} contains characters that are not allowed",
	},
	envRule:   "{1}: company %s already uses this value as its {2} {3}; sandbox and production must use different PISTE applications",
	sharedLog: "The {1} Chorus login is also used by %s; each company should have its own Chorus Pro technical account",
	resolve: map[string]string{
		"specific_ok":    "%s's setup is enabled and has {1} credentials",
		"specific_empty": "%s's setup is enabled but has no {1} credentials",
		"default_ok":     "%s's setup is not enabled; the ***** setup is used",
		"default_empty":  "%s's setup is not enabled and the ***** setup is enabled but has no {1} credentials",
	},
	urlLabel: map[string]string{"oauth": "OAuth token URL", "api": "API base URL"},
	urlRules: map[string]string{
		"empty":    "{1} is required",
		"invalid":  "{1} is not a valid absolute URL",
		"scheme":   "{1} must start with https://",
		"userinfo": "{1} must not contain a user name or password",
		"https":    "{1} must use https:// (plain http:// is only allowed on this computer: localhost, 127.0.0.1, ::1)",
	},
	fixed: map[string]string{
		"domain.code.empty":              "The company code is required",
		"domain.code.too_long":           "The company code is too long (at most %d characters)",
		"domain.code.chars":              "The company code may only contain A-Z, 0-9, _ and -",
		"domain.name.empty":              "The company name is required",
		"domain.name.too_long":           "The company name is too long (at most %d characters)",
		"domain.name.chars":              "The company name contains characters that are not allowed",
		"domain.siret.format":            "The SIRET must have exactly %d digits",
		"domain.siret.checksum":          "The SIRET is not valid (check digit mismatch): please check it for a typing error",
		"domain.tag.trimmed":             "ID tag: leading or trailing spaces were removed",
		"domain.tag.too_long":            "The ID tag is too long (at most %d characters)",
		"domain.tag.chars":               "The ID tag may only contain A-Z, a-z, 0-9, _ and -",
		"domain.resolve.none":            "no enabled setup for %s nor for *****",
		"domain.resolve.none_default":    "the ***** setup is not enabled",
		"domain.resolve.warning_default": "***** should not be used: each company must have its own Chorus Pro account; the ***** setup is only a fallback",
		"domain.env.unknown":             "Unknown environment: use sandbox or production",
		"domain.endpoints.api.query":     "API base URL must not contain a query (?...)",
	},
}

var domainFR = domainLang{
	lang:    FR,
	envWord: map[string]string{"sandbox": "bac à sable", "production": "production"},
	fieldLabel: map[string]string{"client_id": "identifiant client PISTE", "client_secret": "secret PISTE",
		"login": "identifiant Chorus", "password": "mot de passe Chorus"},
	slotLabel: func(d domainLang, env, field string) string {
		l := d.fieldLabel[field]
		return strings.ToUpper(l[:1]) + l[1:] + " (" + d.envWord[env] + ")"
	},
	slotRules: map[string]string{
		"trimmed":  "{1} : les espaces en début ou en fin ont été supprimés",
		"missing":  "{1} : champ obligatoire (un environnement est soit vide, soit complet avec ses quatre champs)",
		"too_long": "{1} : trop long (%d caractères au maximum)",
		"space":    "{1} : ne doit pas contenir d'espace",
		"chars":    "{1} : contient des caractères non autorisés",
	},
	envRule:   "{1} : la société %s utilise déjà cette valeur comme {3} de l'environnement {2} ; le bac à sable et la production doivent utiliser des applications PISTE différentes",
	sharedLog: "L'identifiant Chorus ({1}) est aussi utilisé par %s ; chaque société devrait avoir son propre compte technique Chorus Pro",
	resolve: map[string]string{
		"specific_ok":    "Le paramétrage de %s est activé et contient des identifiants pour l'environnement {1}",
		"specific_empty": "Le paramétrage de %s est activé mais n'a pas d'identifiants pour l'environnement {1}",
		"default_ok":     "Le paramétrage de %s n'est pas activé ; le paramétrage ***** est utilisé",
		"default_empty":  "Le paramétrage de %s n'est pas activé et le paramétrage ***** est activé mais n'a pas d'identifiants pour l'environnement {1}",
	},
	urlLabel: map[string]string{"oauth": "URL du jeton OAuth", "api": "URL de base de l'API"},
	urlRules: map[string]string{
		"empty":    "{1} : champ obligatoire",
		"invalid":  "{1} : n'est pas une URL absolue valide",
		"scheme":   "{1} : doit commencer par https://",
		"userinfo": "{1} : ne doit contenir ni nom d'utilisateur ni mot de passe",
		"https":    "{1} : doit utiliser https:// (http:// n'est permis que sur cet ordinateur : localhost, 127.0.0.1, ::1)",
	},
	fixed: map[string]string{
		"domain.code.empty":              "Le code de la société est obligatoire",
		"domain.code.too_long":           "Le code de la société est trop long (%d caractères au maximum)",
		"domain.code.chars":              "Le code de la société ne peut contenir que A-Z, 0-9, _ et -",
		"domain.name.empty":              "Le nom de la société est obligatoire",
		"domain.name.too_long":           "Le nom de la société est trop long (%d caractères au maximum)",
		"domain.name.chars":              "Le nom de la société contient des caractères non autorisés",
		"domain.siret.format":            "Le SIRET doit comporter exactement %d chiffres",
		"domain.siret.checksum":          "Le SIRET n'est pas valide (clé de contrôle incorrecte) : vérifiez une éventuelle faute de frappe",
		"domain.tag.trimmed":             "Étiquette : les espaces en début ou en fin ont été supprimés",
		"domain.tag.too_long":            "L'étiquette est trop longue (%d caractères au maximum)",
		"domain.tag.chars":               "L'étiquette ne peut contenir que A-Z, a-z, 0-9, _ et -",
		"domain.resolve.none":            "aucun paramétrage activé pour %s ni pour *****",
		"domain.resolve.none_default":    "le paramétrage ***** n'est pas activé",
		"domain.resolve.warning_default": "***** ne devrait pas être utilisé : chaque société doit avoir son propre compte Chorus Pro ; le paramétrage ***** n'est qu'un secours",
		"domain.env.unknown":             "Environnement inconnu : utilisez sandbox ou production",
		"domain.endpoints.api.query":     "URL de base de l'API : ne doit pas contenir de paramètres (?...)",
	},
}
