package conntest

import (
	"context"

	"chorusdesk/chorusapi"
	"chorusdesk/core"
	"chorusdesk/domain"
)

// Attachment is whether a setup's technical account is attached to a SIRET.
type Attachment int

const (
	AttachUnknown Attachment = iota // not checked: no SIRET or no credentials for env
	AttachYes                       // the account is attached to the SIRET
	AttachNo                        // it is not: Chorus Pro would refuse invoices of that SIRET
)

// AttachedTo asks Chorus Pro whether the technical account of companyID's saved setup (its
// own slot for env, not the fallback: the move dialog asks about the setup being moved) is
// attached to siret (chorusapi.CheckAttachment: the same two Chorus Pro lists as the Test's
// attachment step). siret is compared as domain.NormalizeSIRET leaves it. AttachUnknown with a
// nil error when there is nothing to check. The client is one the lock reaches (oneShot): a
// lock meanwhile stops the call with core.ErrLocked.
func AttachedTo(ctx context.Context, svc *core.Service, companyID string, env domain.Env, siret string, opt Options) (Attachment, error) {
	siret = domain.NormalizeSIRET(siret)
	if siret == "" {
		return AttachUnknown, nil
	}
	got := AttachUnknown
	err := oneShot(ctx, svc, env, opt, func() (domain.Credentials, bool, error) {
		creds, err := svc.SlotCredentials(companyID, env)
		return creds, err == nil && complete(creds), err
	}, func(ctx context.Context, client *chorusapi.Client) error {
		a, err := client.CheckAttachment(ctx, siret)
		switch {
		case err != nil:
			return err
		case a.Attached:
			got = AttachYes
		default:
			got = AttachNo
		}
		return nil
	})
	if err != nil {
		return AttachUnknown, err
	}
	return got, nil
}
