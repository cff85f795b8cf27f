import { CreateCourierMessages1767225600000 } from './1767225600000-CreateCourierMessages';
import { CreateNotifierIdentities1767312000000 } from './1767312000000-CreateNotifierIdentities';
import { VersionNotifierIdentities1767398400000 } from './1767398400000-VersionNotifierIdentities';
import { MarkCourierSendStarted1767484800000 } from './1767484800000-MarkCourierSendStarted';
import { OneCourierMessagePerRecipient1767571200000 } from './1767571200000-OneCourierMessagePerRecipient';

/** Every migration, oldest first (explicit classes, no glob: the same list runs from src under Jest and from dist). */
export const NOTIFIER_MIGRATIONS = [
  CreateCourierMessages1767225600000,
  CreateNotifierIdentities1767312000000,
  VersionNotifierIdentities1767398400000,
  MarkCourierSendStarted1767484800000,
  OneCourierMessagePerRecipient1767571200000,
];
