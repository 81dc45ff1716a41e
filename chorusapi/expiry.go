package chorusapi

import (
	"context"

	"chorusdesk/domain"
)

// PasswordExpiry asks Chorus Pro on which day the technical account's password expires:
// structures/v1/consulter returns informationGenerales.dateExpirationMotPasseCompteTech for a
// structure the account is attached to (the date belongs to the account, so the first
// structure that answers with a date tells it). The structures come from the same two lists
// as CheckAttachment, in the same order. ok is false when Chorus Pro gives no date; the day
// comes back as YYYY-MM-DD.
func (c *Client) PasswordExpiry(ctx context.Context) (day string, ok bool, err error) {
	var ids []int64
	actives, err1 := c.StructuresActivesFournisseur(ctx)
	if _, unavailable := notAVerdict(err1); err1 != nil && !unavailable {
		return "", false, err1
	}
	for _, s := range actives {
		ids = append(ids, int64(s.IDStructureCPP))
	}
	if len(ids) == 0 {
		list, err2 := c.Rattachements(ctx)
		if _, unavailable := notAVerdict(err2); err2 != nil && !unavailable {
			return "", false, err2
		}
		for _, r := range list {
			ids = append(ids, int64(r.IDStructure))
		}
	}
	for _, id := range ids {
		if id <= 0 {
			continue
		}
		st, err := c.ConsulterStructure(ctx, id)
		if err != nil {
			return "", false, err
		}
		raw := st.InformationGenerales.DateExpirationMotPasseCompteTech
		if raw == "" {
			continue
		}
		d, err := domain.ParseExpiryDate(raw)
		if err != nil {
			continue // a form we do not know: better no date than a wrong one
		}
		return d.Format(domain.ISODate), true, nil
	}
	return "", false, nil
}
