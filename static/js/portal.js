// Marks the page as scripted, so controls needed only without JavaScript can hide themselves.
document.documentElement.classList.add("js");
