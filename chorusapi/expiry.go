package chorusapi

import (
	"context"

	"chorusdesk/domain"
)

// PasswordExpiry asks Chorus Pro on which day the technical account's password expires:
// structures/v1/consulter returns informationGenerales.dateExpirationMotPasseCompteTech for a
// structure the account is attached to (the date belongs to the account, so the first
// attached structure that answers tells it). ok is false when Chorus Pro gives no date. The
// day comes back as YYYY-MM-DD.
func (c *Client) PasswordExpiry(ctx context.Context) (day string, ok bool, err error) {
	list, err := c.Rattachements(ctx)
	if err != nil {
		return "", false, err
	}
	for _, r := range list {
		id := int64(r.IDStructure)
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
