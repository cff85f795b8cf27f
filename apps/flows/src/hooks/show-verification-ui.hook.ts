import { Hook } from './hook';

/** `show_verification_ui` (kratos:selfservice/hook/show_verification_ui.go): a browser that registered goes on to
 * the verification UI of the flow its mail belongs to, instead of the return URL. JSON clients find that flow in
 * continue_with either way. */
export const showVerificationUiHook: Hook = {
  name: 'show_verification_ui',
  registration: {
    postPersist(ctx) {
      if (ctx.flow.type === 'browser' && ctx.verification) ctx.browserNext = ctx.verification.flow.url;
    },
  },
};
