import { dayOfMoment } from '@cq/kit/time';
import type { CertificationResolvers } from '../generated/resolvers.ts';

export const Certification: CertificationResolvers = {
  isValid: (c, _, { now }) => dayOfMoment(now) <= c.validUntil,
};
