package conntest

import (
	"context"
	"strings"

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
// attachment step). AttachUnknown with a nil error when there is nothing to check.
func AttachedTo(ctx context.Context, svc *core.Service, companyID string, env domain.Env, siret string, opt Options) (Attachment, error) {
	opt.defaults()
	siret = strings.ReplaceAll(siret, " ", "")
	if siret == "" {
		return AttachUnknown, nil
	}
	creds, err := svc.SlotCredentials(companyID, env)
	if err != nil {
		return AttachUnknown, err
	}
	defer creds.Wipe()
	for _, f := range domain.Fields {
		if !creds.Has(f) {
			return AttachUnknown, nil
		}
	}
	ep, err := svc.Endpoints(env)
	if err != nil {
		return AttachUnknown, err
	}
	client := chorusapi.New(chorusapi.Config{Env: env, Endpoints: ep, Creds: creds, Timeout: opt.Timeout, HTTPClient: opt.HTTPClient})
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	a, err := client.CheckAttachment(ctx, siret)
	switch {
	case err != nil:
		return AttachUnknown, err
	case a.Attached:
		return AttachYes, nil
	}
	return AttachNo, nil
}
