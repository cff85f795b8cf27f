import { runMain } from '@gatehouse/platform';
import { startIdentity } from './app';
import { loadIdentityConfig } from './config.schema';

// async: a config error thrown while loading must become runMain's one-line message, not an uncaught throw.
runMain('identity', async () => startIdentity(loadIdentityConfig()));
