// A stand-in for a broken build: gridSearch must fall back to in-process execution.
throw new Error("broken build");
