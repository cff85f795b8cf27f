import { loadConfig } from '@gatehouse/config';
import { runMain } from '@gatehouse/platform';
import { startNotifier } from './app';
import { notifierConfigSchema } from './config.schema';

// async, so that a ConfigError thrown by loadConfig becomes a rejection that runMain prints as one line.
runMain('notifier', async () => startNotifier(loadConfig(notifierConfigSchema)));
