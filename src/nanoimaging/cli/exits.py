"""Exit statuses of the command line: one meaning each."""

#: The command did what was asked.
EXIT_OK = 0
#: Problems were found in the data, references.bib, a notebook or the build; nothing was changed.
EXIT_PROBLEMS = 1
#: The command line cannot be used as given: unknown command or option, a value that cannot be
#: read, a key or DOI that is not there. (argparse uses 2 for its own usage errors too.)
EXIT_USAGE = 2
#: A service on the network (Crossref, a living-mode source) failed or could not be reached; nothing was changed.
EXIT_OFFLINE = 3

EXIT_CODES_HELP = """\
exit status:
  0  done
  1  problems found in the data, references.bib, a notebook or the build (each listed); nothing changed
  2  the command line cannot be used as given (unknown command or option, unreadable value, unknown key)
  3  a network service (Crossref, a living source) failed or could not be reached; nothing changed
"""
