import { createHash } from 'node:crypto';

/** Where the public API serves the script (Kratos's webauthnx.ScriptURL). */
export const WEBAUTHN_SCRIPT_PATH = '/.well-known/ory/webauthn.js';

/** The browser side of the webauthn and passkey nodes: the functions their onclick/onload triggers name
 * (window.oryWebAuthnRegistration, oryWebAuthnLogin, oryPasskeyLogin, oryPasskeyLoginAutocompleteInit,
 * oryPasskeyRegistration, oryPasskeySettingsRegistration, and the older `__ory…` names). Each decodes the options a
 * node carries (`{publicKey: …}`, binary fields base64url), asks the authenticator, writes the credential as JSON
 * (binary fields base64url) into the node the server reads, and submits the form. */
export const WEBAUTHN_SCRIPT = `;(function () {
  'use strict';
  if (typeof window === 'undefined' || window.__oryWebAuthnInitialized) return;
  if (!window.PublicKeyCredential) {
    console.log('This browser does not support WebAuthn!');
    return;
  }

  function decode(value) {
    var b64 = value.replace(/-/g, '+').replace(/_/g, '/');
    return Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
  }

  function encode(buffer) {
    if (!buffer) return undefined;
    var bytes = new Uint8Array(buffer);
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  }

  function decodeIds(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, { id: decode(c.id) }); });
  }

  function creationOptions(opt) {
    var pk = opt.publicKey;
    pk.challenge = decode(pk.challenge);
    pk.user.id = decode(pk.user.id);
    if (pk.excludeCredentials) pk.excludeCredentials = decodeIds(pk.excludeCredentials);
    return opt;
  }

  function requestOptions(opt) {
    var pk = opt.publicKey;
    pk.challenge = decode(pk.challenge);
    if (pk.user && pk.user.id) pk.user.id = decode(pk.user.id);
    if (pk.allowCredentials) pk.allowCredentials = decodeIds(pk.allowCredentials);
    return opt;
  }

  function created(credential) {
    return JSON.stringify({
      id: credential.id,
      rawId: encode(credential.rawId),
      type: credential.type,
      response: {
        attestationObject: encode(credential.response.attestationObject),
        clientDataJSON: encode(credential.response.clientDataJSON),
      },
    });
  }

  function asserted(credential) {
    return JSON.stringify({
      id: credential.id,
      rawId: encode(credential.rawId),
      type: credential.type,
      response: {
        authenticatorData: encode(credential.response.authenticatorData),
        clientDataJSON: encode(credential.response.clientDataJSON),
        signature: encode(credential.response.signature),
        userHandle: encode(credential.response.userHandle),
      },
    });
  }

  function field(name) {
    return document.getElementsByName(name)[0];
  }

  function submitWith(resultEl, value) {
    resultEl.value = value;
    resultEl.closest('form').submit();
  }

  function abortConditional() {
    if (window.abortPasskeyConditionalUI) {
      window.abortPasskeyConditionalUI.abort('Canceling Passkey autocomplete to complete trigger-based passkey login.');
      window.abortPasskeyConditionalUI = undefined;
    }
  }

  function webAuthnLogin(options, resultSelector, triggerSelector) {
    var trigger = document.querySelector(triggerSelector || '*[name="webauthn_login_trigger"]');
    var result = document.querySelector(resultSelector || '*[name="webauthn_login"]');
    var opt = requestOptions(options || JSON.parse(trigger.value));
    navigator.credentials.get(opt).then(function (c) { submitWith(result, asserted(c)); }).catch(function (err) { alert(err); });
  }

  function webAuthnRegistration(options, resultSelector, triggerSelector) {
    var trigger = document.querySelector(triggerSelector || '*[name="webauthn_register_trigger"]');
    var result = document.querySelector(resultSelector || '*[name="webauthn_register"]');
    var opt = creationOptions(options || JSON.parse(trigger.value));
    navigator.credentials.create(opt).then(function (c) { submitWith(result, created(c)); }).catch(function (err) { alert(err); });
  }

  function passkeyLoginAutocompleteInit() {
    var data = field('passkey_challenge');
    var result = field('passkey_login');
    if (!data || !result || !field('identifier')) {
      console.error('Unable to initialize WebAuthn / Passkey autocomplete because one or more required form fields are missing.');
      return Promise.resolve();
    }
    if (!PublicKeyCredential.isConditionalMediationAvailable || window.Cypress) return Promise.resolve();
    return PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
      if (!available) return;
      var opt = requestOptions(JSON.parse(data.value));
      abortConditional();
      window.abortPasskeyConditionalUI = new AbortController();
      return navigator.credentials
        .get({ publicKey: opt.publicKey, mediation: 'conditional', signal: window.abortPasskeyConditionalUI.signal })
        .then(function (c) { submitWith(result, asserted(c)); })
        .catch(function (err) { console.log(err); });
    });
  }

  function passkeyLogin() {
    var data = field('passkey_challenge');
    var result = field('passkey_login');
    if (!data || !result) {
      console.error('Unable to start the passkey login because one or more required form fields are missing.');
      return;
    }
    var opt = requestOptions(JSON.parse(data.value));
    abortConditional();
    navigator.credentials
      .get({ publicKey: opt.publicKey })
      .then(function (c) { submitWith(result, asserted(c)); })
      .catch(function (err) {
        console.error('An error occurred while getting passkey credentials', err);
        return passkeyLoginAutocompleteInit();
      });
  }

  function passkeyRegistration() {
    var data = field('passkey_create_data');
    var result = field('passkey_register');
    if (!data || !result) return;
    var createData = JSON.parse(data.value);
    var name = data.closest('form').querySelector('[name="' + createData.displayNameFieldName + '"]').value;
    var opt = createData.credentialOptions;
    opt.publicKey.user.name = name;
    opt.publicKey.user.displayName = name;
    navigator.credentials.create(creationOptions(opt)).then(function (c) { submitWith(result, created(c)); }).catch(function (err) { console.error(err); });
  }

  function passkeySettingsRegistration() {
    var data = field('passkey_create_data');
    var result = field('passkey_settings_register');
    if (!data || !result) return;
    var opt = creationOptions(JSON.parse(data.value));
    navigator.credentials.create(opt).then(function (c) { submitWith(result, created(c)); }).catch(function (err) { console.error(err); });
  }

  var api = {
    WebAuthnLogin: webAuthnLogin,
    WebAuthnRegistration: webAuthnRegistration,
    PasskeyLogin: passkeyLogin,
    PasskeyLoginAutocompleteInit: passkeyLoginAutocompleteInit,
    PasskeyRegistration: passkeyRegistration,
    PasskeySettingsRegistration: passkeySettingsRegistration,
  };
  Object.keys(api).forEach(function (name) {
    window['ory' + name] = api[name];
    window['__ory' + name] = api[name];
  });
  window.__oryWebAuthnInitialized = true;
  window.dispatchEvent(new CustomEvent('oryWebAuthnInitialized'));
})();
`;

/** The script node's subresource integrity: sha512 of the bytes served, base64 (as Kratos computes it). */
export const WEBAUTHN_SCRIPT_INTEGRITY = `sha512-${createHash('sha512').update(WEBAUTHN_SCRIPT, 'utf8').digest('base64')}`;
