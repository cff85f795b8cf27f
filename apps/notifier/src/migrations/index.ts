import { CreateCourierMessages1767225600000 } from './1767225600000-CreateCourierMessages';
import { CreateNotifierIdentities1767312000000 } from './1767312000000-CreateNotifierIdentities';

/** Every migration, oldest first (explicit classes, no glob: the same list runs from src under Jest and from dist). */
export const NOTIFIER_MIGRATIONS = [CreateCourierMessages1767225600000, CreateNotifierIdentities1767312000000];
