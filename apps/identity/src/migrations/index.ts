import { CreateIdentityReadModel1764403200000 } from './1764403200000-CreateIdentityReadModel';
import { AdminIdentityReadModel1764576000000 } from './1764576000000-AdminIdentityReadModel';

/** Every migration, oldest first (explicit classes, no glob: the same list runs from src under Jest and from dist). */
export const IDENTITY_MIGRATIONS = [CreateIdentityReadModel1764403200000, AdminIdentityReadModel1764576000000];
