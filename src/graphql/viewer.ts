// The parent of the Viewer type: who is asking (every other type's parent is its database row).
import type { KeyCaller } from '../kernel/caller.js';

export interface ViewerParent {
  caller: KeyCaller;
}
