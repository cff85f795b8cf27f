import { CreateIdentityReadModel1764403200000 } from './1764403200000-CreateIdentityReadModel';

/** Every migration, oldest first (explicit classes, no glob: the same list runs from src under Jest and from dist). */
export const IDENTITY_MIGRATIONS = [CreateIdentityReadModel1764403200000];
