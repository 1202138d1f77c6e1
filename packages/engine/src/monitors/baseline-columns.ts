// Which baseline dataset columns hold the ground truth, the predicted label and the
// probability: SageMaker's ground_truth_attribute, inference_attribute and probability_attribute.
// Each names a column, or is a column index as text ("0"), as for captured CSV output. Unset: the
// columns label, prediction and probability.
import type { Row } from '../parse/values.js';

export const LABEL_COLUMN = 'label';
export const PREDICTION_COLUMN = 'prediction';
export const PROBABILITY_COLUMN = 'probability';

export interface BaselineAttributes {
  groundTruthAttribute?: string | undefined;
  inferenceAttribute?: string | undefined;
  probabilityAttribute?: string | undefined;
}

export interface RoleColumns {
  groundTruth: string;
  inference?: string;
  probability?: string;
}

interface Role {
  role: keyof RoleColumns;
  what: string;
  attribute: string;
  /** Named by the caller: it must be a column. */
  explicit: boolean;
}

/** The ground truth column must be there; the predicted label's and probability's when named. */
export function baselineColumns(a: BaselineAttributes) {
  const inference = a.inferenceAttribute;
  const probability = a.probabilityAttribute;
  const roles: Role[] = [
    { role: 'groundTruth', what: 'ground truth (groundTruthAttribute)', attribute: a.groundTruthAttribute ?? LABEL_COLUMN, explicit: true },
    { role: 'inference', what: 'predicted label (inferenceAttribute)', attribute: inference ?? PREDICTION_COLUMN, explicit: inference !== undefined },
    { role: 'probability', what: 'probability (probabilityAttribute)', attribute: probability ?? PROBABILITY_COLUMN, explicit: probability !== undefined },
  ];
  let resolved: RoleColumns | undefined;
  const nameIn = (names: readonly string[], attribute: string): string | undefined =>
    names.includes(attribute) ? attribute : /^\d+$/.test(attribute) ? names[Number(attribute)] : undefined;
  return {
    /** The columns, resolved against the first row's names. */
    of(row: Row): RoleColumns {
      if (resolved) return resolved;
      const names = Object.keys(row);
      resolved = { groundTruth: nameIn(names, roles[0]!.attribute) ?? roles[0]!.attribute };
      for (const r of roles.slice(1)) {
        const name = nameIn(names, r.attribute);
        if (name !== undefined) resolved[r.role] = name;
      }
      return resolved;
    },
    /** Why the dataset cannot be used (a required column is absent), or undefined. */
    missing(names: readonly string[] | undefined): string | undefined {
      if (names === undefined || names.length === 0) return undefined;
      const found = (r: Role) => nameIn(names, r.attribute) !== undefined;
      // Without a predicted label or probability column nothing can be evaluated.
      const noPrediction = !found(roles[1]!) && !found(roles[2]!);
      const absent = roles.filter((r, i) => !found(r) && (r.explicit || (i === 1 && noPrediction)));
      if (absent.length === 0) return undefined;
      const list = absent.map((r) => `${r.what} '${r.attribute}'`).join(', ');
      return `baseline dataset has no column for the ${list}; its columns are ${names.join(', ')}`;
    },
  };
}
