import { Provider } from '@nestjs/common';
import type { FlowsConfig } from '../config.schema';
import { SessionService } from '../session/session.service';
import { HookRegistry } from './hook.registry';
import { requireVerifiedAddressHook } from './require-verified-address.hook';
import { RevokeActiveSessionsHook } from './revoke-active-sessions.hook';
import { sessionHook } from './session.hook';
import { showVerificationUiHook } from './show-verification-ui.hook';

/** The HookRegistry from `selfservice.flows.<flow>.after[.<method>].hooks`. Needs SessionService. */
export function hookProviders(config: FlowsConfig): Provider[] {
  const { registration, login, settings, recovery } = config.selfservice.flows;
  const after = { registration: registration.after, login: login.after, settings: settings.after, recovery: recovery.after };
  return [
    {
      provide: HookRegistry,
      inject: [SessionService],
      useFactory: (sessions: SessionService) => new HookRegistry(after, [sessionHook, showVerificationUiHook, new RevokeActiveSessionsHook(sessions), requireVerifiedAddressHook]),
    },
  ];
}
