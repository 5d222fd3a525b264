import { z } from 'zod';
import { roles } from '../../../common/enums.js';
import { userView } from './user.schemas.js';

export const memberView = userView.extend({ role: z.enum(roles) });
/** A member of a workspace as the API shows it: the user and their role there. */
export type MemberView = z.infer<typeof memberView>;

export const updateMemberBody = z.strictObject({ role: z.enum(roles) });
/** What an admin can change about a member. */
export type UpdateMemberBody = z.infer<typeof updateMemberBody>;
