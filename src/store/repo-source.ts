import { fetchSampleFiles, fetchSamples } from './samples';

export interface LoadedRepo {
  name: string;
  /** `owner/name` for instance ids. */
  repo: string;
  files: { path: string; text: string }[];
  /** The repo folder's own name, when the root is itself a Python package. */
  rootName: string | null;
}

/** Repo ids: `sample:ID` for an embedded sample; anything else is a stored repo's id. */
export async function loadRepoFiles(repoId: string): Promise<LoadedRepo> {
  if (repoId.startsWith('sample:')) {
    const id = repoId.slice('sample:'.length);
    const sample = (await fetchSamples()).find((s) => s.id === id);
    if (!sample) throw new Error(`There is no embedded sample called “${id}”.`);
    return { name: sample.name, repo: sample.repo, files: await fetchSampleFiles(sample), rootName: null };
  }
  throw new Error(`No stored repo has the id “${repoId}”. It may have been deleted.`);
}
