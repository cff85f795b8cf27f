import { Controller, Get, Header } from '@nestjs/common';
import { WEBAUTHN_SCRIPT } from './webauthn.script';

/** GET /.well-known/ory/webauthn.js: the script the webauthn and passkey nodes load (Kratos's
 * webauthnx.RegisterWebauthnRoute), the exact bytes their `integrity` names. */
@Controller('.well-known/ory')
export class WebAuthnScriptController {
  @Get('webauthn.js')
  @Header('content-type', 'text/javascript; charset=UTF-8')
  script(): string {
    return WEBAUTHN_SCRIPT;
  }
}
