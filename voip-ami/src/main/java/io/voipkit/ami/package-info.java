/** See this module's README.md for what lives here. */
package io.voipkit.ami;
