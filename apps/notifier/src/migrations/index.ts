import { CreateCourierMessages1767225600000 } from './1767225600000-CreateCourierMessages';

/** Every migration, oldest first (explicit classes, no glob: the same list runs from src under Jest and from dist). */
export const NOTIFIER_MIGRATIONS = [CreateCourierMessages1767225600000];
