import { ErrorIds, KratosError } from '@gatehouse/contracts';
import { Reply } from './answer';
import { Client } from './client';

/** 422 browser_location_change_required (kratos:selfservice/flow/error.go): an SPA must move the browser itself. */
export function browserLocationChangeRequired(to: string): KratosError {
  return KratosError.of(
    ErrorIds.ErrIDSelfServiceBrowserLocationChangeRequiredError,
    { reason: `In order to complete this flow please redirect the browser to: ${to}` },
    { redirect_browser_to: to },
  );
}

/** A browser flow that continues elsewhere: a plain browser gets a 303 there, an SPA the 422 naming it. */
export function moveBrowser(client: Client, to: string, cookies: string[] = []): Reply {
  if (client.json) return { status: 422, body: browserLocationChangeRequired(to).toEnvelope(), cookies };
  return { status: 303, location: to, cookies };
}
