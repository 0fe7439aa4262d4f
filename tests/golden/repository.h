/*
 * A golden case's tree made a git repository (repository.c), for the cases
 * about what reports say of version control.
 */
#ifndef PS_GOLDEN_REPOSITORY_H
#define PS_GOLDEN_REPOSITORY_H

/* Make `tree` a repository whose branch "main" has one commit of its files,
 * as `spec`, the text of the case's `repository` file, says; its lines:
 *
 *   origin URL          the remote origin, at URL
 *   uncommitted PATH    PATH is left out of the commit
 *   damaged-config      .git/config gets a line libgit2 cannot parse
 *
 * The commit's author, committer, time and message are fixed, so that the
 * same files give the same commit id on every run (a case with a
 * repository has no .in files, whose text names the copy's directory). */
void golden_make_repository(const char *tree, const char *spec);

#endif
