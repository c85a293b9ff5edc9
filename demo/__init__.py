"""The bundled demo portal: three government sites on 127.0.0.1 that look like real ones."""
