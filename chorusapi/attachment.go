package chorusapi

import (
	"context"
	"strings"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// Attachment is the verdict on "may this technical account invoice from this SIRET".
type Attachment struct {
	Attached bool
	// Source is the path of the lookup that decided (PathStructuresActives or PathRattachements).
	Source string
	// Unavailable lists the lookups that were refused with 403 or 404 (not a verdict: the API
	// is not subscribed, or the route does not exist for this account) and therefore skipped.
	Unavailable []string
}

// ErrAttachmentUnavailable is returned when neither lookup could be used; Errors holds both
// refusals. It speaks the user's language.
type ErrAttachmentUnavailable struct {
	Actives, Rattachements *Error
}

func (e *ErrAttachmentUnavailable) Error() string { return e.Localize(i18n.EN) }

// Localize says plainly that Chorus Pro would not say, and why.
func (e *ErrAttachmentUnavailable) Localize(lang i18n.Lang) string { return e.Message().Localize(lang) }

// Message is the text as a key and arguments (to store and render in another language).
func (e *ErrAttachmentUnavailable) Message() *i18n.Error {
	return i18n.Errorf("api.attach.unavailable", e.Actives.HTTPStatus, e.Rattachements.HTTPStatus)
}

// CheckAttachment tells whether the technical account may invoice from siret.
//
// It asks transverses/v1/recuperer/structures/actives/fournisseur first: that call lists "the
// active structures the user is attached to and entitled to the 'factures émises' space"
// (go-choruspro, TransversesService.RecupererStructuresActivesFournisseur), which is exactly
// the right a deposit needs; it is on the Transverses API the app needs anyway for flux
// reports; piste-gouv-fr (turbo124/piste-gouv-fr) calls it against the sandbox and partiduo
// uses it as its connection check. utilisateurs/v1/monCompte/recuperer/rattachements is the
// second opinion: no production source shows a technical account calling it, and it needs the
// Utilisateurs API subscribed. A 403 or 404 on one of them is not a verdict: the other is
// asked; when both are refused the error says so (*ErrAttachmentUnavailable). Any other
// failure (network, wrong password, server) is returned as is.
func (c *Client) CheckAttachment(ctx context.Context, siret string) (Attachment, error) {
	want := domain.NormalizeSIRET(siret)
	var res Attachment
	actives, err1 := c.StructuresActivesFournisseur(ctx)
	e1, unavailable1 := notAVerdict(err1)
	switch {
	case err1 == nil:
		for _, s := range actives {
			if domain.NormalizeSIRET(string(s.Identifiant)) == want {
				return Attachment{Attached: true, Source: PathStructuresActives}, nil
			}
		}
		res.Source = PathStructuresActives
	case unavailable1:
		res.Unavailable = append(res.Unavailable, PathStructuresActives)
	default:
		return res, err1
	}
	list, err2 := c.Rattachements(ctx)
	e2, unavailable2 := notAVerdict(err2)
	switch {
	case err2 == nil:
		for _, r := range list {
			if domain.NormalizeSIRET(string(r.IdentifiantStructure)) == want && !inactive(r.StatutRattachementStructure) {
				return Attachment{Attached: true, Source: PathRattachements, Unavailable: res.Unavailable}, nil
			}
		}
		if res.Source == "" {
			res.Source = PathRattachements
		}
		return res, nil
	case unavailable2 && unavailable1:
		return res, &ErrAttachmentUnavailable{Actives: e1, Rattachements: e2}
	case unavailable2:
		res.Unavailable = append(res.Unavailable, PathRattachements)
		return res, nil // the first lookup answered: the SIRET is not among its structures
	}
	return res, err2
}

// notAVerdict reports whether err is a 403/404 refusal of the route itself.
func notAVerdict(err error) (*Error, bool) {
	e, ok := AsError(err)
	if !ok {
		return nil, false
	}
	return e, e.Kind == KindNotSubscribed || e.Kind == KindNotFound
}

func inactive(status string) bool {
	s := strings.ToUpper(strings.TrimSpace(status))
	return s == "INACTIF" || s == "INACTIVE"
}
